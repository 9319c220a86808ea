using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>Sub-millisecond sleeps, which <see cref="Thread.Sleep(int)"/> cannot express.</summary>
internal static partial class ThreadSleep
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = false)]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);

    private static bool s_nanosleepWorks = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Sleeps for about <paramref name="microseconds"/> (at least one scheduler tick where only milliseconds exist).</summary>
    public static void Microseconds(int microseconds)
    {
        if (s_nanosleepWorks)
        {
            try
            {
                var ts = new TimeSpec { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000L };
                NanoSleep(ts, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nanosleepWorks = false;
            }
        }
        Thread.Sleep(Math.Max(1, microseconds / 1000));
    }
}
