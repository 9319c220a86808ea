namespace QpsFast.Journal;

/// <summary>Journal bytes that fail a check: names the segment file, the byte offset and the last good sequence.</summary>
public sealed class JournalCorruptException(string segment, long offset, long lastGoodSequence, string problem)
    : Exception($"{segment}: offset {offset}: {problem} (last good sequence {lastGoodSequence})")
{
    /// <summary>Returns the segment file.</summary>
    public string Segment { get; } = segment;

    /// <summary>Returns the byte offset of the bad frame.</summary>
    public long Offset { get; } = offset;

    /// <summary>Returns the sequence of the last record that passed every check (−1 if none).</summary>
    public long LastGoodSequence { get; } = lastGoodSequence;
}
