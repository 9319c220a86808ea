namespace QpsFast.Journal;

/// <summary>Cuts a journal's torn tail back to its last good frame.</summary>
public static class JournalRepair
{
    /// <summary>What a repair did.</summary>
    public sealed record Result(TornTail? Tail, long RecordsKept, long LastSequence, string Action);

    /// <summary>
    /// Reads the journal; if the last segment has a torn tail, truncates it to the last good frame (or deletes a
    /// segment whose header is incomplete). Corruption in a sealed segment is not repaired: it throws.
    /// </summary>
    /// <exception cref="JournalCorruptException">Corruption that is not a torn tail.</exception>
    public static Result Repair(string directory, string stream = "records")
    {
        var reader = JournalReader.Open(directory, stream);
        reader.Read(static _ => { });
        var tail = reader.TornTail;
        if (tail is null)
            return new Result(null, reader.RecordCount, reader.LastSequence, "nothing to repair");
        string action;
        if (tail.Offset == 0)
        {
            File.Delete(tail.Segment);
            action = $"deleted {Path.GetFileName(tail.Segment)} (its header was incomplete)";
        }
        else
        {
            long before = new FileInfo(tail.Segment).Length;
            using (var f = new FileStream(tail.Segment, FileMode.Open, FileAccess.Write))
            {
                f.SetLength(tail.Offset);
                f.Flush(flushToDisk: true);
            }
            action = $"truncated {Path.GetFileName(tail.Segment)} from {before} to {tail.Offset} bytes";
        }
        return new Result(tail, reader.RecordCount, reader.LastSequence, action);
    }
}
