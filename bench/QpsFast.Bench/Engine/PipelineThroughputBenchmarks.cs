using BenchmarkDotNet.Attributes;
using QpsFast.Engine.Pipeline;
using QpsFast.Perf.Engine;
using QpsFast.Ring;

namespace QpsFast.Bench.Engine;

/// <summary>Measures ns per input event through the whole fused pipeline (5 alphas, risk, broker, portfolio), journal off, 4-symbol synthetic data.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineThroughputBenchmarks
{
    public const int EventsPerInvoke = 1_000_000;
    private PipelineWorkload _workload = null!;

    [Params(Topology.Fused)]
    public Topology Topology { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new PipelineWorkload(Topology, WaitKind.Yield);
        _workload.Run(2_000_000);
    }

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public TimeSpan Pipeline() => _workload.Run(EventsPerInvoke);
}
