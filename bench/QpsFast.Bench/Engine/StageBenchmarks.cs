using BenchmarkDotNet.Attributes;
using QpsFast.Perf.Engine;

namespace QpsFast.Bench.Engine;

/// <summary>Measures ns per input event for each stage alone (aggregator, each alpha, the trading core: risk, broker, portfolio) on a day of captured pipeline input.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class StageBenchmarks
{
    private const int InputsPerDay = 63_362; // one day of the default synthetic market, with the session records
    private StageWorkload _workload = null!;

    [ParamsSource(nameof(StageNames))]
    public string Stage { get; set; } = "";

    public static IEnumerable<string> StageNames => StageWorkload.Stages;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new StageWorkload();
        if (_workload.Inputs != InputsPerDay)
            throw new InvalidOperationException($"expected {InputsPerDay} inputs per pass, got {_workload.Inputs}");
        _workload.Pass(Stage);
    }

    [Benchmark(OperationsPerInvoke = InputsPerDay)]
    public long Pass() => _workload.Pass(Stage);
}
