using QpsFast.Ring;
using QpsFast.Perf.Ring;

namespace QpsFast.Cli.Bench;

/// <summary>The settings of one <c>qps bench ring</c> run.</summary>
internal sealed record RingBenchOptions(
    RingTopology Topology,
    long Events,
    WaitKind Wait,
    bool Pin,
    int Repeats,
    int RingSize,
    int Batch,
    string? JsonPath,
    bool Baseline = true)
{
    public static string TopologyName(RingTopology t) => t switch
    {
        RingTopology.OneToOne => "1p1c",
        RingTopology.Pipeline => "pipeline",
        _ => "3p1c",
    };

    public static RingTopology ParseTopology(string s) => s switch
    {
        "1p1c" => RingTopology.OneToOne,
        "pipeline" => RingTopology.Pipeline,
        "3p1c" => RingTopology.ThreeToOne,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "expected 1p1c, pipeline or 3p1c"),
    };

    public static WaitKind ParseWait(string s, RingTopology topology) => s switch
    {
        "spin" => WaitKind.Spin,
        "yield" => WaitKind.Yield,
        "block" => WaitKind.Block,
        "sleep" => WaitKind.Sleep,
        // Busy-spinning more threads than cores starves the pipeline; yield where that would happen.
        "auto" => ThroughputWorkloads.ThreadCount(topology) <= Environment.ProcessorCount ? WaitKind.Spin : WaitKind.Yield,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "expected spin, yield, block, sleep or auto"),
    };
}
