using QpsFast.Perf.Ring;

namespace QpsFast.Bench.Ring;

/// <summary>Measures ns per event through a three-stage chain (A→B→C) behind one producer, yielding waits.</summary>
public class PipelineThroughputBenchmarks : RingBenchmarkBase
{
    protected override RingTopology Topology => RingTopology.Pipeline;
}
