using BenchmarkDotNet.Attributes;
using QpsFast.Perf.Journal;

namespace QpsFast.Bench.Journal;

/// <summary>Measures ns per record to write (LZ4 frames, checksums, one write per flush) and to read back (memory-mapped decode, checksums) the default synthetic run's record stream.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class JournalBenchmarks
{
    public const int Records = 1_000_000;
    private JournalWorkload _workload = null!;
    private string _written = "";
    private string? _lastWrite;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new JournalWorkload();
        _written = _workload.Write(Records).Directory;
    }

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [IterationCleanup]
    public void DeleteLastWrite()
    {
        if (_lastWrite is not null && Directory.Exists(_lastWrite))
            Directory.Delete(_lastWrite, true);
        _lastWrite = null;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Write()
    {
        var (_, bytes, dir) = _workload.Write(Records);
        _lastWrite = dir;
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Decode() => JournalWorkload.Decode(_written).Records;
}
