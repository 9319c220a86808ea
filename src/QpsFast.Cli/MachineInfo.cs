using System.Runtime.InteropServices;

namespace QpsFast.Cli;

/// <summary>A description of the machine for benchmark records: cores, CPU model, runtime, OS.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Runtime, string Os)
{
    public static MachineInfo Current()
    {
        string cpu = "unknown";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        cpu = line[(line.IndexOf(':') + 1)..].Trim();
                        break;
                    }
                }
            }
        }
        catch (IOException)
        {
            // Keep "unknown": the description is informative, not required.
        }
        return new MachineInfo(Environment.ProcessorCount, cpu, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription);
    }

    public override string ToString() => $"{Cores} vCPU, {CpuModel}, {Runtime}, {Os}";
}
