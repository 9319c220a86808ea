using System.Runtime.InteropServices;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Ring;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>
/// The verifying output stage's state: compares each replayed slot (its input and derived records) with the journal's
/// group for that input, byte for byte; keeps digests, counts, the last marks and fill counts of both sides; and
/// optionally journals the replay's own stream.
/// </summary>
/// <remarks>
/// Work is split between the threads so the engine's thread, the slower one, does the least: the journal's side
/// (marks, fills, count) is taken by the feed as it reads each frame (<see cref="ObserveJournal"/>), and its digest by
/// the reader (<see cref="JournalReader.StreamDigest"/>, checked against every header and seal). The replay's digest
/// is taken on the engine thread, but while groups match, the replay's bytes are the journal's, so they are hashed
/// from the expected ring in long runs (one append per run, not per group); a group that differs ends the run and has
/// its own records hashed.
/// </remarks>
internal sealed class ReplayComparator(ExpectedStream expected, JournalWriter? output)
{
    private const int MaxRun = 1024;
    private readonly RecordStreamDigest _replayDigest = new();
    private long _position;
    private long _runStart = -1;
    private long _runEnd;

    public long LiveRecords;
    public long ReplayRecords;
    public long Inputs;
    public long Mismatches;
    public long Unjournaled;
    public Divergence? First;
    public readonly long[] LiveEquity = new long[256];
    public readonly long[] ReplayEquity = new long[256];
    public readonly long[] LiveFills = new long[256];
    public readonly long[] ReplayFills = new long[256];

    public ulong ReplayDigest => _replayDigest.Value;

    /// <summary>Feed thread: takes the journal's side of one frame (every journal record passes here once, in order).</summary>
    public void ObserveJournal(ReadOnlySpan<Record> frame)
    {
        foreach (ref readonly var e in frame)
            Account(in e, LiveEquity, LiveFills);
        LiveRecords += frame.Length;
    }

    /// <summary>After the engine has drained: hashes the last matched run.</summary>
    public void Finish() => FlushRun();

    public void Compare(ref Slot slot, bool endOfBatch)
    {
        var actual = slot.Stream;
        long start = _position;
        long end = GroupEnd(start);
        int expectedCount = (int)(end - start);
        if (expected.IsComplete && expected.Truncated && end > expected.Published && actual.Length > expectedCount)
        {
            // The journal stops inside this last group (a crash cut it): compare what was journaled, no more.
            Unjournaled += actual.Length - expectedCount;
            actual = actual[..expectedCount];
        }
        Inputs++;
        // The journal's group, in at most two contiguous pieces of the expected ring, compared byte for byte with the
        // replay's records.
        long mismatchesBefore = Mismatches;
        int compared = 0;
        for (long p = start; p < end;)
        {
            var piece = expected.Contiguous(p, (int)(end - p));
            int same = Math.Min(piece.Length, actual.Length - compared);
            if (same > 0 && !MemoryMarshal.AsBytes(piece[..same]).SequenceEqual(MemoryMarshal.AsBytes(actual.Slice(compared, same))))
                FindDivergence(piece[..same], actual.Slice(compared, same));
            compared += piece.Length;
            p += piece.Length;
        }
        foreach (ref readonly var a in actual)
            Account(in a, ReplayEquity, ReplayFills);
        ReplayRecords += actual.Length;
        if (expectedCount > actual.Length)
        {
            ref readonly var e = ref expected.At(start + actual.Length);
            Mismatch(new Divergence(e.Sequence, e.Kind.ToString(), "record count", $"{expectedCount} records for this input ({e.Kind} at position {actual.Length + 1})", $"{actual.Length} records"), expectedCount - actual.Length);
        }
        else if (actual.Length > expectedCount)
        {
            var a = actual[expectedCount];
            Mismatch(new Divergence(a.Sequence, a.Kind.ToString(), "record count", $"{expectedCount} records for this input", $"{actual.Length} records (extra {a.Kind})"), actual.Length - expectedCount);
        }
        _position = end;
        if (Mismatches == mismatchesBefore)
        {
            // Identical to the journal's group: hashed later, with the rest of the run, from the expected ring.
            if (_runStart < 0)
                _runStart = start;
            _runEnd = end;
            if (_runEnd - _runStart >= MaxRun)
                FlushRun();
        }
        else
        {
            FlushRun();
            _replayDigest.Append(actual);
            expected.ReleaseBelow(end);
        }
        if (output is not null)
        {
            output.Append(actual);
            if (endOfBatch)
                output.Flush();
        }
    }

    /// <summary>Hashes the matched run into the replay's digest and releases its records.</summary>
    private void FlushRun()
    {
        if (_runStart < 0)
            return;
        for (long p = _runStart; p < _runEnd;)
        {
            var piece = expected.Contiguous(p, (int)(_runEnd - p));
            _replayDigest.Append(piece);
            p += piece.Length;
        }
        expected.ReleaseBelow(_runEnd);
        _runStart = -1;
    }

    /// <summary>
    /// Returns the end of the journal's group that starts at <paramref name="start"/> (an input): the next input, or
    /// the end of the journal. The feed pushes the next input before publishing this one, so the group is complete.
    /// </summary>
    private long GroupEnd(long start)
    {
        var spin = new SpinWait();
        long i = start + 1;
        while (true)
        {
            long published = expected.Published;
            for (; i <= published; i++)
            {
                if (expected.At(i).Source == SourceId.Feed)
                    return i;
            }
            if (expected.IsComplete && expected.Published < i)
                return i;
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static void Account(in Record r, long[] equity, long[] fills)
    {
        if (r.Kind == RecordKind.Mark)
            equity[r.Source] = r.Mark.Equity;
        else if (r.Kind == RecordKind.Fill)
            fills[(byte)r.Flags]++;
    }

    private void FindDivergence(ReadOnlySpan<Record> expectedRecords, ReadOnlySpan<Record> actualRecords)
    {
        for (int i = 0; i < expectedRecords.Length; i++)
        {
            var eb = MemoryMarshal.AsBytes(expectedRecords.Slice(i, 1));
            int offset = eb.CommonPrefixLength(MemoryMarshal.AsBytes(actualRecords.Slice(i, 1)));
            if (offset < eb.Length)
                Diverge(expectedRecords[i], actualRecords[i], offset);
        }
    }

    private void Diverge(in Record e, in Record a, int offset)
    {
        var (field, ev, av) = RecordFields.Describe(in e, in a, offset);
        Mismatch(new Divergence(e.Sequence, e.Kind.ToString(), field, ev, av));
    }

    /// <summary>Counts <paramref name="records"/> mismatched records; the first divergence of the replay is kept.</summary>
    private void Mismatch(Divergence d, long records = 1)
    {
        Mismatches += records;
        First ??= d;
    }
}

/// <summary>The verifying output stage.</summary>
internal readonly struct VerifyingSink(ReplayComparator comparator) : IEventHandler<Slot>
{
    public void OnBatchStart(long batchSize) { }

    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch) => comparator.Compare(ref slot, endOfBatch);
}
