using System.Diagnostics.CodeAnalysis;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Replay;
using QpsFast.Reporting;
using QpsFast.Ring;

namespace QpsFast.Sweep;

/// <summary>
/// A growable array of records that a worker keeps from trial to trial: after the first trial it has the room it
/// needs, so keeping records costs no allocation.
/// </summary>
public sealed class RecordBuffer
{
    private Record[] _records = new Record[1 << 16];

    /// <summary>Returns the records kept.</summary>
    public int Count { get; private set; }

    /// <summary>Returns the records kept, in order.</summary>
    public ReadOnlySpan<Record> Records => _records.AsSpan(0, Count);

    /// <summary>Empties the buffer, keeping its room.</summary>
    public void Clear() => Count = 0;

    /// <summary>Keeps a record.</summary>
    public void Add(in Record r)
    {
        if (Count == _records.Length)
            Array.Resize(ref _records, _records.Length * 2);
        _records[Count++] = r;
    }
}

/// <summary>
/// The output stage of a trial: the stream's statistics and digest (as <see cref="StatsSink"/>), and a copy of the
/// records the analysis reads (one-minute bars, fills, marks), so a trial needs no journal.
/// </summary>
public readonly struct AnalysisSink(StreamStats stats, RecordBuffer kept) : IEventHandler<Slot>
{
    /// <inheritdoc />
    public void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
    {
        stats.Add(ref slot);
        foreach (ref readonly var r in slot.Stream)
        {
            if ((r.Kind == RecordKind.Bar && r.Aux == 1) || r.Kind == RecordKind.Fill || r.Kind == RecordKind.Mark)
                kept.Add(in r);
        }
    }
}

/// <summary>Runs one trial: the full pipeline over shared market records, without a journal.</summary>
public static class TrialRunner
{

    /// <summary>
    /// Runs <paramref name="records"/> through a fresh engine of <paramref name="manifest"/> (its strategies from
    /// <paramref name="strategies"/>) and analyses the stream as <c>qps report</c> would analyse its journal.
    /// <paramref name="buffer"/> is the worker's, reused.
    /// </summary>
    /// <exception cref="EventHandlerException">A stage faulted.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static (StreamStats Stats, SessionAnalysis Analysis) Run(SessionManifest manifest, StrategyRegistry strategies, ReadOnlySpan<Record> records, RecordBuffer buffer,
        bool inlineFeed = false)
    {
        var stats = new StreamStats();
        buffer.Clear();
        var plan = new SessionPlan { Manifest = manifest, Strategies = strategies, InlineOutput = true, InlineFeed = inlineFeed };
        var engine = SessionRunner.Build(plan, new AnalysisSink(stats, buffer));
        engine.Start(manifest.Seed, records.Length > 0 ? records[0].TimeNs : 0);
        try
        {
            for (int i = 0; i < records.Length; i += 16_384)
                engine.Publish(records.Slice(i, Math.Min(16_384, records.Length - i)));
            engine.Complete();
        }
        finally
        {
            engine.Dispose(); // the next trial's ring reuses these pages
        }
        var accumulator = new SessionAccumulator(manifest, new MetricOptions());
        foreach (ref readonly var r in buffer.Records)
            accumulator.Add(in r);
        return (stats, accumulator.Finish(stats.Inputs + stats.Derived, stats.Digest.Value));
    }

    /// <summary>
    /// Runs a trial as a journaled session into <paramref name="journalDirectory"/> (<see cref="SessionRunner"/>) and
    /// analyses its journal: the same stream, digest and figures as <see cref="Run"/>, and a journal to replay.
    /// </summary>
    /// <exception cref="EventHandlerException">A stage faulted.</exception>
    /// <exception cref="Journal.JournalLockedException">Another writer holds the journal.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static (StreamStats Stats, SessionAnalysis Analysis) RunJournaled(SessionManifest manifest, StrategyRegistry strategies, ReadOnlySpan<Record> records, string journalDirectory,
        bool inlineFeed = false)
    {
        var result = SessionRunner.Run(new SessionPlan { Manifest = manifest, Strategies = strategies, JournalDirectory = journalDirectory, InlineFeed = inlineFeed }, records);
        return (result.Stats, SessionAnalysis.FromJournal(journalDirectory));
    }
}
