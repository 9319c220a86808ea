namespace QpsFast.Journal;

/// <summary>One data frame in a segment's seek table.</summary>
/// <param name="Offset">The frame's byte offset in the segment file.</param>
/// <param name="FirstSequence">The stream sequence of its first record.</param>
/// <param name="FirstTimeNs">The event time of its first record.</param>
/// <param name="Records">How many records it holds.</param>
public readonly record struct SeekEntry(long Offset, long FirstSequence, long FirstTimeNs, int Records);
