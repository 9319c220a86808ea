using QpsFast.Perf.Ring;

namespace QpsFast.Bench.Ring;

/// <summary>Measures ns per event from three producers (multi-producer sequencer) into one consumer, yielding waits.</summary>
public class ThreeToOneThroughputBenchmarks : RingBenchmarkBase
{
    protected override RingTopology Topology => RingTopology.ThreeToOne;
}
