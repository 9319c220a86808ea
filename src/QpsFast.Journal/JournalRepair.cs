namespace QpsFast.Journal;

/// <summary>
/// Cuts a journal's torn tail back to its last good frame, under the journal's lock, and never destroys what it
/// cannot prove bad: sealed segments are never touched, and valid frames found beyond a bad one in the unsealed tail
/// are dropped only when asked (<c>force</c>), and even then kept in a salvage file beside the segment.
/// </summary>
public static class JournalRepair
{
    /// <summary>Valid frames found after the first bad one in the unsealed tail: what cutting there would drop.</summary>
    /// <param name="Frames">Valid data frames after the bad one.</param>
    /// <param name="Records">Their records.</param>
    /// <param name="FirstSequence">The first of their sequences (−1 if none).</param>
    /// <param name="LastSequence">The last of their sequences (−1 if none).</param>
    public sealed record Beyond(int Frames, long Records, long FirstSequence, long LastSequence);

    /// <summary>What a repair did (or, when refused, would have done).</summary>
    /// <param name="Tail">The torn tail found, if any.</param>
    /// <param name="RecordsKept">Records in the journal after the repair.</param>
    /// <param name="LastSequence">The last record kept.</param>
    /// <param name="Action">What was done, in words.</param>
    public sealed record Result(TornTail? Tail, long RecordsKept, long LastSequence, string Action)
    {
        /// <summary>Returns the bytes cut from the tail.</summary>
        public long DroppedBytes { get; init; }

        /// <summary>Returns the valid frames that lay beyond the bad one, if any.</summary>
        public Beyond? ValidBeyond { get; init; }

        /// <summary>Returns the file that keeps the cut bytes, when valid frames were cut (with force).</summary>
        public string? Salvage { get; init; }
    }

    /// <summary>
    /// Reads the journal; if the last segment has a torn tail, truncates it to the last good frame (or deletes a
    /// segment whose header was cut short, which holds no record). Takes the journal's lock for the duration.
    /// </summary>
    /// <param name="directory">The journal folder.</param>
    /// <param name="stream">The stream name.</param>
    /// <param name="force">Cut even when valid frames lie beyond the bad one (they are kept in a salvage file).</param>
    /// <exception cref="JournalCorruptException">Corruption that is not a torn tail (nothing is changed).</exception>
    /// <exception cref="JournalLockedException">A writer holds the journal (nothing is changed).</exception>
    /// <exception cref="RepairRefusedException">Valid frames lie beyond the bad one and <paramref name="force"/> is not set (nothing is changed).</exception>
    public static Result Repair(string directory, string stream = "records", bool force = false)
    {
        using var held = JournalLock.Acquire(directory, stream);
        return RepairLocked(directory, stream, force);
    }

    /// <summary>Repairs with the lock already held by the caller.</summary>
    internal static Result RepairLocked(string directory, string stream, bool force)
    {
        var reader = JournalReader.Open(directory, stream);
        reader.Read(static _ => { });
        var tail = reader.TornTail;
        if (tail is null)
            return new Result(null, reader.RecordCount, reader.LastSequence, "nothing to repair");
        if (tail.Offset == 0)
        {
            // Only a segment after the first whose header was cut short is a torn tail at offset 0: it holds no record.
            File.Delete(tail.Segment);
            return new Result(tail, reader.RecordCount, reader.LastSequence, $"deleted {Path.GetFileName(tail.Segment)} (its header was cut short; it held no record)");
        }
        long before = new FileInfo(tail.Segment).Length;
        var beyond = ScanBeyond(tail.Segment, tail.Offset);
        string? salvage = null;
        if (beyond.Frames > 0)
        {
            if (!force)
                throw new RepairRefusedException(tail, beyond, before - tail.Offset);
            salvage = $"{tail.Segment}.cut-at-{tail.Offset}";
            using (var source = File.OpenRead(tail.Segment))
            using (var copy = new FileStream(salvage, FileMode.CreateNew, FileAccess.Write))
            {
                source.Seek(tail.Offset, SeekOrigin.Begin);
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }
        }
        using (var f = new FileStream(tail.Segment, FileMode.Open, FileAccess.Write))
        {
            f.SetLength(tail.Offset);
            f.Flush(flushToDisk: true);
        }
        string action = $"truncated {Path.GetFileName(tail.Segment)} from {before} to {tail.Offset} bytes (dropped {before - tail.Offset} bytes after the last good frame)";
        if (salvage is not null)
            action += $"; with --force: dropped {beyond.Frames} valid frame(s), {beyond.Records} record(s), sequences {beyond.FirstSequence}..{beyond.LastSequence}, kept in {Path.GetFileName(salvage)}";
        return new Result(tail, reader.RecordCount, reader.LastSequence, action) { DroppedBytes = before - tail.Offset, ValidBeyond = beyond, Salvage = salvage };
    }

    /// <summary>
    /// Finds the valid data frames after the bad one at <paramref name="offset"/>: scans byte by byte for a frame magic
    /// and keeps each candidate whose checksums all hold.
    /// </summary>
    internal static Beyond ScanBeyond(string segment, long offset)
    {
        var bytes = File.ReadAllBytes(segment).AsSpan();
        var decoded = new byte[JournalDescriptor.MaxBlockBytes];
        int frames = 0;
        long records = 0, first = -1, last = -1;
        for (long at = offset; at <= bytes.Length - 8; at++)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(int)at..]) != JournalDescriptor.FrameMagic)
                continue;
            if (FrameParser.Parse(bytes, at, decoded, out int length, out int count, out _) != FrameParser.Kind.Data)
                continue;
            var r = FrameParser.Records(decoded, count);
            frames++;
            records += count;
            if (first < 0)
                first = r[0].Sequence;
            last = r[^1].Sequence;
            at += length - 1;
        }
        return new Beyond(frames, records, first, last);
    }
}

/// <summary>
/// Repair found valid frames beyond the first bad one in the unsealed tail and was not told to drop them: nothing was
/// changed. The message says exactly what a forced repair would drop.
/// </summary>
public sealed class RepairRefusedException(TornTail tail, JournalRepair.Beyond beyond, long bytes) : Exception(
    $"{tail.Segment}: offset {tail.Offset}: {tail.Problem}, but {beyond.Frames} valid frame(s) follow it ({beyond.Records} record(s), sequences {beyond.FirstSequence}..{beyond.LastSequence}); " +
    $"cutting there would drop them with the rest of the {bytes} bytes after sequence {tail.LastGoodSequence}. Nothing was changed: repair with --force to cut anyway (the cut bytes are kept in a .cut-at-{tail.Offset} file)")
{
    /// <summary>Returns the torn tail.</summary>
    public TornTail Tail { get; } = tail;

    /// <summary>Returns the valid frames beyond it.</summary>
    public JournalRepair.Beyond ValidBeyond { get; } = beyond;
}
