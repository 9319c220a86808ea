namespace QpsFast.Journal;

/// <summary>Reading from a sequence or a time: the segment by its name, the frame by the segment's seek table.</summary>
public sealed partial class JournalReader
{
    /// <summary>
    /// Reads from the record with stream sequence <paramref name="sequence"/> on: the segment is chosen by its name
    /// (first sequence) and the frame by the segment's seek table (binary search), or by a scan for the unsealed
    /// tail segment. The first frame is trimmed to start at <paramref name="sequence"/>.
    /// </summary>
    public void ReadFrom(long sequence, FrameHandler onFrame)
    {
        int segment = 0;
        for (int i = 0; i < SegmentPaths.Count; i++)
        {
            if (FirstSequenceOf(SegmentPaths[i]) <= sequence)
                segment = i;
        }
        long offset = -1;
        if (SeekTable(SegmentPaths[segment]) is { Length: > 0 } table)
        {
            int lo = 0, hi = table.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (table[mid].FirstSequence <= sequence) lo = mid; else hi = mid - 1;
            }
            offset = table[lo].Offset;
        }
        bool trimmed = false;
        Walk(segment, offset, records =>
        {
            if (!trimmed)
            {
                if (records[^1].Sequence < sequence)
                    return;
                trimmed = true;
                records = records[(int)Math.Max(0, sequence - records[0].Sequence)..];
            }
            onFrame(records);
        });
    }

    /// <summary>
    /// Reads from the first record whose event time is at or after <paramref name="timeNs"/> on, using the segments'
    /// seek tables to find the frame.
    /// </summary>
    public void ReadFromTime(long timeNs, FrameHandler onFrame)
    {
        // Find the first frame whose first record is at or after timeNs; records at timeNs can only also sit in the
        // frame just before it (times never decrease), possibly the last frame of the previous segment.
        int segment = 0;
        long offset = -1;
        SeekEntry[]? previous = null;
        int previousSegment = -1;
        for (int i = 0; i < SegmentPaths.Count; i++)
        {
            var table = SeekTable(SegmentPaths[i]);
            if (table is null || table.Length == 0)
            {
                // The unsealed tail: start from the previous segment's last frame, or this segment's start.
                (segment, offset) = previous is null ? (i, -1) : (previousSegment, previous[^1].Offset);
                break;
            }
            int j = Array.FindIndex(table, e => e.FirstTimeNs >= timeNs);
            if (j > 0)
            {
                (segment, offset) = (i, table[j - 1].Offset);
                break;
            }
            if (j == 0)
            {
                (segment, offset) = previous is null ? (i, table[0].Offset) : (previousSegment, previous[^1].Offset);
                break;
            }
            (previous, previousSegment) = (table, i);
            (segment, offset) = (i, table[^1].Offset);
        }
        bool started = false;
        Walk(segment, offset, records =>
        {
            if (!started)
            {
                int i = 0;
                while (i < records.Length && records[i].TimeNs < timeNs)
                    i++;
                if (i == records.Length)
                    return;
                started = true;
                records = records[i..];
            }
            onFrame(records);
        });
    }

    private static long FirstSequenceOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.Parse(name[(name.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Returns a sealed segment's seek table, or null for an unsealed one.</summary>
    public static SeekEntry[]? SeekTable(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length < SealView.FileTailBytes)
            return null;
        Span<byte> tail = stackalloc byte[SealView.FileTailBytes];
        file.Seek(-SealView.FileTailBytes, SeekOrigin.End);
        file.ReadExactly(tail);
        if (!SealView.EndsWithSeal(tail))
            return null;
        long frameLength = SealView.FrameLengthOf(tail);
        if (frameLength > file.Length || frameLength < SealView.MinFrameBytes)
            throw new JournalCorruptException(path, file.Length - SealView.FileTailBytes, -1, "the seek table's length is invalid");
        var frame = new byte[frameLength];
        file.Seek(-frameLength, SeekOrigin.End);
        file.ReadExactly(frame);
        var payload = frame.AsSpan(8, (int)frameLength - SealView.FrameOverhead);
        if (Xxh32.Hash(payload) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan((int)frameLength - 4)))
            throw new JournalCorruptException(path, file.Length - frameLength, -1, "seek table checksum mismatch");
        var seal = new SealView(payload);
        if (!seal.IsConsistent)
            throw new JournalCorruptException(path, file.Length - frameLength, -1, "seek table entry count does not match its size");
        var entries = new SeekEntry[seal.FrameCount];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = seal.Entry(i);
        return entries;
    }
}
