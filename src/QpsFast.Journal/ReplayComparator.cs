using System.IO.Hashing;
using System.Runtime.InteropServices;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Ring;

namespace QpsFast.Journal;

/// <summary>
/// The verifying output stage's state: compares each replayed slot (its input and derived records) with the journal's
/// group for that input, byte for byte; keeps digests, counts, the last marks and fill counts of both sides; and
/// optionally journals the replay's own stream.
/// </summary>
internal sealed class ReplayComparator(ExpectedStream expected, JournalWriter? output)
{
    private readonly XxHash64 _liveDigest = new();
    private readonly XxHash64 _replayDigest = new();
    private long _position;

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

    public ulong LiveDigest => _liveDigest.GetCurrentHashAsUInt64();

    public ulong ReplayDigest => _replayDigest.GetCurrentHashAsUInt64();

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
        int n = Math.Max(expectedCount, actual.Length);
        for (int i = 0; i < n; i++)
        {
            if (i < expectedCount)
            {
                ref readonly var e = ref expected.At(start + i);
                _liveDigest.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in e)));
                Account(in e, LiveEquity, LiveFills);
                LiveRecords++;
            }
            if (i < actual.Length)
            {
                Account(in actual[i], ReplayEquity, ReplayFills);
                ReplayRecords++;
            }
            if (i < expectedCount && i < actual.Length)
            {
                var eb = MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in expected.At(start + i)));
                var ab = MemoryMarshal.AsBytes(actual.Slice(i, 1));
                int offset = eb.CommonPrefixLength(ab);
                if (offset < eb.Length)
                    Diverge(expected.At(start + i), actual[i], offset);
            }
            else if (i >= actual.Length)
            {
                ref readonly var e = ref expected.At(start + i);
                Mismatch(new Divergence(e.Sequence, e.Kind.ToString(), "record count", $"{expectedCount} records for this input ({e.Kind} at position {i + 1})", $"{actual.Length} records"));
            }
            else
            {
                Mismatch(new Divergence(actual[i].Sequence, actual[i].Kind.ToString(), "record count", $"{expectedCount} records for this input", $"{actual.Length} records (extra {actual[i].Kind})"));
            }
        }
        _replayDigest.Append(MemoryMarshal.AsBytes(actual));
        _position = end;
        expected.ReleaseBelow(end);
        if (output is not null)
        {
            output.Append(actual);
            if (endOfBatch)
                output.Flush();
        }
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

    private void Diverge(in Record e, in Record a, int offset)
    {
        var (field, ev, av) = RecordFields.Describe(in e, in a, offset);
        Mismatch(new Divergence(e.Sequence, e.Kind.ToString(), field, ev, av));
    }

    private void Mismatch(Divergence d)
    {
        Mismatches++;
        First ??= d;
    }
}

/// <summary>The verifying output stage.</summary>
internal readonly struct VerifyingSink(ReplayComparator comparator) : IEventHandler<Slot>
{
    public void OnBatchStart(long batchSize) { }

    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch) => comparator.Compare(ref slot, endOfBatch);
}
