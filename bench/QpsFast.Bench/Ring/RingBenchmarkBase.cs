using QpsFast.Ring;
using BenchmarkDotNet.Attributes;
using QpsFast.Perf.Ring;

namespace QpsFast.Bench.Ring;

/// <summary>
/// Shared shape of the ring throughput classes: one operation is one event; each invocation pushes
/// <see cref="EventsPerInvoke"/> events through our ring or through the Channels baseline, in the same class, so the
/// ratio comes from one run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public abstract class RingBenchmarkBase
{
    public const int EventsPerInvoke = 2_000_000;
    private IThroughputWorkload _ring = null!;
    private IThroughputWorkload _channels = null!;

    protected abstract RingTopology Topology { get; }

    // Busy-spin where the threads fit the two cores, yielding otherwise (more spinning threads than cores starve).
    protected WaitKind Wait => ThroughputWorkloads.ThreadCount(Topology) <= Environment.ProcessorCount ? WaitKind.Spin : WaitKind.Yield;

    [GlobalSetup]
    public void Setup()
    {
        _ring = ThroughputWorkloads.CreateRing(Topology, Wait, bufferSize: 65536, batch: 16, pin: false);
        _channels = new ChannelWorkload(Topology, 65536);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _channels.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke, Description = "Channels")]
    public TimeSpan Channels() => _channels.Run(EventsPerInvoke);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke, Description = "Ring")]
    public TimeSpan Ring() => _ring.Run(EventsPerInvoke);
}
