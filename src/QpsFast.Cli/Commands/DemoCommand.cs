using QpsFast.Ring;
using System.CommandLine;
using QpsFast.Cli.Bench;
using QpsFast.Perf.Ring;

namespace QpsFast.Cli.Commands;

/// <summary>
/// <c>qps demo</c>. Until the engine lands (issue 3 onward), it demonstrates the ring: a short 1P1C throughput run
/// against System.Threading.Channels, and says so.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", """
            Runs the main job on the embedded default data. The engine is not built yet, so for now this is a short
            ring throughput demonstration (1P1C, our ring vs System.Threading.Channels).
            Example: qps demo
            """);
        cmd.SetAction(_ =>
        {
            Console.WriteLine("qps demo: the trading engine (generate -> live -> replay -> report) is not built yet.");
            Console.WriteLine("Running a short ring throughput demonstration instead: 1 producer, 1 consumer, 5 repeats.");
            var wait = Environment.ProcessorCount >= 2 ? WaitKind.Spin : WaitKind.Yield;
            var options = new RingBenchOptions(RingTopology.OneToOne, 10_000_000, wait, Pin: false, Repeats: 5, RingSize: 65536, Batch: 16, JsonPath: null);
            var result = RingBenchRunner.Run(options, Console.Out);
            RingBenchReport.Print(result, Console.Out);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
