using QpsFast.Perf.Ring;

namespace QpsFast.Bench.Ring;

/// <summary>Measures ns per event, one producer to one consumer, 8-byte events, batches of 16, busy-spin.</summary>
public class OneToOneThroughputBenchmarks : RingBenchmarkBase
{
    protected override RingTopology Topology => RingTopology.OneToOne;
}
