using QpsFast.Ring;

namespace QpsFast.Perf.Ring;

/// <summary>Creates ring workloads for a wait strategy chosen at run time.</summary>
public static class ThroughputWorkloads
{
    /// <summary>Returns a started ring workload.</summary>
    public static IThroughputWorkload CreateRing(RingTopology topology, WaitKind wait, int bufferSize, int batch, bool pin) =>
        topology == RingTopology.Pipeline
            ? Create<PipelineEvent>(topology, wait, bufferSize, batch, pin)
            : Create<PerfEvent>(topology, wait, bufferSize, batch, pin);

    private static IThroughputWorkload Create<TEvent>(RingTopology topology, WaitKind wait, int bufferSize, int batch, bool pin)
        where TEvent : unmanaged, IValueEvent => wait switch
    {
        WaitKind.Spin => new RingWorkload<TEvent, BusySpinWaitStrategy>(topology, bufferSize, batch, pin),
        WaitKind.Yield => new RingWorkload<TEvent, YieldingWaitStrategy>(topology, bufferSize, batch, pin),
        WaitKind.Block => new RingWorkload<TEvent, BlockingWaitStrategy>(topology, bufferSize, batch, pin),
        WaitKind.Sleep => new RingWorkload<TEvent, SleepingWaitStrategy>(topology, bufferSize, batch, pin),
        _ => throw new ArgumentOutOfRangeException(nameof(wait), wait, null),
    };

    /// <summary>Returns the number of threads the ring workload runs (producers plus consumers).</summary>
    public static int ThreadCount(RingTopology topology) => topology switch
    {
        RingTopology.OneToOne => 2,
        RingTopology.Pipeline => 4,
        _ => 4,
    };
}
