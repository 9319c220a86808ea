namespace QpsFast.Journal;

/// <summary>The decoded header frame of a segment.</summary>
public sealed record SegmentHeader(int SegmentNumber, long FirstSequence, long PreviousLastSequence, ulong PreviousDigest, string Configuration, long DataStart, long MaxSegmentBytes);
