using BenchmarkDotNet.Attributes;
using QpsFast.Perf.Journal;

namespace QpsFast.Bench.Journal;

/// <summary>
/// Measures ns per record to write (LZ4 frames, checksums, one write per flush) and to read back (memory-mapped decode,
/// checksums) the default synthetic run's record stream, and ns per input event of a full replay verification of that
/// run's journal (fresh pipeline included, as <c>qps replay</c> does it).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class JournalBenchmarks
{
    public const int Records = 1_000_000;

    /// <summary>The inputs of the default synthetic run (4 symbols, 5 days), session start and end included.</summary>
    public const int VerifyInputs = 316_802;
    private JournalWorkload _workload = null!;
    private string _written = "";
    private QpsFast.Journal.JournalWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new JournalWorkload();
        _written = _workload.Write(Records).Directory;
        // One long-lived writer, as the journal stage has: its segments roll every 64 MiB.
        _writer = new QpsFast.Journal.JournalWriter(new QpsFast.Journal.JournalOptions { Directory = Path.Combine(_workload.Root, "encoder") });
        _workload.Append(_writer, Records);
        if (_workload.Inputs != VerifyInputs)
            throw new InvalidOperationException($"the default synthetic run has {_workload.Inputs} inputs; update {nameof(VerifyInputs)}");
    }

    /// <summary>
    /// Deletes the sealed segments after each iteration (the open one stays): without it the benchmark piles several GB
    /// into one journal and measures this machine's disk (~175 MB/s sustained) instead of the writer.
    /// </summary>
    [IterationCleanup(Target = nameof(Write))]
    public void DeleteSealedSegments()
    {
        var segments = Directory.GetFiles(Path.Combine(_workload.Root, "encoder")).Order(StringComparer.Ordinal).ToArray();
        foreach (var sealedSegment in segments[..^1])
            File.Delete(sealedSegment);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _workload.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Write()
    {
        _workload.Append(_writer, Records);
        return _writer.BytesWritten;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Decode() => JournalWorkload.Decode(_written).Records;

    [Benchmark(OperationsPerInvoke = VerifyInputs)]
    public long Verify()
    {
        var result = _workload.Verify();
        if (!result.Pass)
            throw new InvalidOperationException($"replay verification failed: {result.FirstDivergence}");
        return result.Inputs;
    }
}
