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
/// (marks, fills, count) is taken by the reader thread as it reads each frame (<see cref="ObserveJournal"/>), and its digest by
/// the reader (<see cref="JournalReader.StreamDigest"/>, checked against every header and seal). While every group
/// matches, the replay's records are the journal's, byte for byte, so the replay's digest, marks and fills are the
/// journal's and are not taken twice. At the first group that differs, those of the journal's records before it are
/// taken once (<paramref name="prefix"/>, a second read of the journal's start), and from there the replay's are kept
/// record by record: matched runs are hashed from the expected ring, one append a run; a group that differs has its
/// own records hashed.
/// </remarks>
internal sealed class ReplayComparator(ExpectedStream expected, JournalWriter? output, Func<long, (RecordStreamDigest Digest, StreamTally Tally)> prefix)
{
    private const int MaxRun = 1024;
    private RecordStreamDigest? _replayDigest; // null while the replay has matched the journal throughout (it is the journal's)
    private StreamTally? _replayTally; // likewise
    private long _position;
    private long _runStart = -1;
    private long _runEnd;
    private long _released;

    public long LiveRecords;
    public long ReplayRecords;
    public long Inputs;
    public long Mismatches;
    public long Unjournaled;
    public Divergence? First;
    public readonly StreamTally Live = new();
    private long _knownPublished = -1;

    /// <summary>Returns the replay's marks and fills (after <see cref="Finish"/>): the journal's while nothing differed.</summary>
    public StreamTally Replay => _replayTally ?? Live;

    /// <summary>Returns the replay's digest (after <see cref="Finish"/>), given the journal's: the same while nothing differed.</summary>
    public ulong ReplayDigest(ulong journalDigest) => _replayDigest?.Value ?? journalDigest;

    /// <summary>Reader thread: takes the journal's side of one frame (every journal record passes here once, in order).</summary>
    public void ObserveJournal(ReadOnlySpan<Record> frame)
    {
        Live.Add(frame);
        LiveRecords += frame.Length;
    }

    /// <summary>After the engine has drained: hashes the last matched run.</summary>
    public void Finish()
    {
        if (_replayDigest is not null)
            FlushRun();
    }

    public void Compare(ref Slot slot, bool endOfBatch)
    {
        var actual = slot.Stream;
        if (_replayDigest is null && SameAsJournal(actual))
        {
            // The journal's group is this input's records and ends where the next input starts: no scan for its end.
            Inputs++;
            ReplayRecords += actual.Length;
            _position += actual.Length;
            ReleaseMatched();
            if (output is not null)
            {
                output.Append(actual);
                if (endOfBatch)
                    output.Flush();
            }
            return;
        }
        CompareGroup(actual, endOfBatch);
    }

    /// <summary>
    /// Whether the journal's records from the current position are <paramref name="actual"/>, byte for byte, followed
    /// by the next input or the journal's end: then they are exactly this input's group.
    /// </summary>
    private bool SameAsJournal(ReadOnlySpan<Record> actual)
    {
        long start = _position, end = start + actual.Length;
        long published = end <= _knownPublished ? _knownPublished : WaitPublished(end);
        if (published < end - 1 || (published >= end && expected.At(end).Source != SourceId.Feed))
            return false; // the journal ends inside the group, or the group has more records: the slow path says how
        if (actual.Length == 1)
        {
            // Most inputs derive nothing: one record, one line, compared in two vectors.
            ref readonly var journal = ref expected.At(start);
            return MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in journal)).SequenceEqual(MemoryMarshal.AsBytes(actual));
        }
        for (long p = start; p < end;)
        {
            var piece = expected.Contiguous(p, (int)(end - p));
            if (!MemoryMarshal.AsBytes(piece).SequenceEqual(MemoryMarshal.AsBytes(actual.Slice((int)(p - start), piece.Length))))
                return false;
            p += piece.Length;
        }
        return true;
    }

    /// <summary>Waits until the record at <paramref name="index"/> is pushed or the journal has ended; returns the highest pushed index.</summary>
    private long WaitPublished(long index)
    {
        // The cursor (the reader's line) is read again only past what it showed last: callers check _knownPublished first.
        var spin = new SpinWait();
        while (true)
        {
            long published = expected.Published;
            if (published >= index || expected.IsComplete)
                return _knownPublished = expected.Published;
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>The slow path: finds the journal's group for this input, compares, and describes what differs.</summary>
    private void CompareGroup(ReadOnlySpan<Record> actual, bool endOfBatch)
    {
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
        if (Mismatches != mismatchesBefore && _replayDigest is null)
        {
            // The first group that differs: the replay's stream so far is the journal's up to this group.
            (_replayDigest, _replayTally) = prefix(start);
        }
        _replayTally?.Add(actual);
        if (_replayDigest is null)
        {
            ReleaseMatched();
        }
        else if (Mismatches == mismatchesBefore)
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
            Release(end);
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
        if (_runStart < 0 || _replayDigest is null)
            return;
        for (long p = _runStart; p < _runEnd;)
        {
            var piece = expected.Contiguous(p, (int)(_runEnd - p));
            _replayDigest.Append(piece);
            p += piece.Length;
        }
        Release(_runEnd);
        _runStart = -1;
    }

    /// <summary>While nothing differed: gives the compared records back a run of <see cref="MaxRun"/> at a time (one write of the shared sequence a run).</summary>
    private void ReleaseMatched()
    {
        if (_position - _released >= MaxRun)
            Release(_position);
    }

    /// <summary>Gives the expected ring's records below <paramref name="index"/> back to the reader.</summary>
    private void Release(long index)
    {
        expected.ReleaseBelow(index);
        _released = index;
    }

    /// <summary>
    /// Returns the end of the journal's group that starts at <paramref name="start"/> (an input): the next input, or
    /// the end of the journal. The reader has pushed the next input before this one is published (ReplayFeed), so the group is complete.
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
