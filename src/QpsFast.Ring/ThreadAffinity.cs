using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>Pins the calling thread to one CPU, where the operating system allows it (Linux).</summary>
public static partial class ThreadAffinity
{
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint cpuSetSize, in ulong mask);

    /// <summary>Pins the calling OS thread to <paramref name="cpu"/>; returns whether it was pinned.</summary>
    public static bool TryPinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu < 0 || cpu >= 64 || cpu >= Environment.ProcessorCount)
            return false;
        try
        {
            ulong mask = 1UL << cpu;
            return SchedSetAffinity(0, sizeof(ulong), mask) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
