namespace QpsFast.Journal;

/// <summary>
/// A place in a journal to read on from: a segment's index and the byte offset of its next frame (−1: its first);
/// <see cref="Ended"/> once the seal that ends the journal has been read; <see cref="LastSequence"/> the last record
/// before it (−1: none), which the seals and segment headers after it are checked against.
/// </summary>
public readonly record struct JournalPosition(int Segment, long Offset, bool Ended = false, long LastSequence = -1)
{
    /// <summary>The journal's start.</summary>
    public static JournalPosition Start => new(0, -1);
}

/// <summary>Following a journal while its writer runs (the dashboard): read what is complete, remember where it ended.</summary>
public sealed partial class JournalReader
{
    /// <summary>Whether the last <see cref="ReadFrom(JournalPosition, FrameHandler, long)"/> stopped at its record budget (there may be more to read).</summary>
    public bool BudgetReached { get; private set; }

    /// <summary>
    /// Reads the whole frames from <paramref name="from"/> to the end of what is on disk now and returns the position
    /// after the last one, to read on from with a reader opened later (it sees segments rolled since). The writer's
    /// frame in progress is not read (it shows as <see cref="TornTail"/> until it is whole). Reading takes no lock.
    /// </summary>
    /// <remarks>
    /// With <paramref name="maxRecords"/>, the read stops after the frame that reaches that many records
    /// (<see cref="BudgetReached"/>), so a follower of a long journal catches up a slice at a time.
    /// </remarks>
    /// <exception cref="JournalCorruptException">Corruption that is not a torn tail.</exception>
    public JournalPosition ReadFrom(JournalPosition from, FrameHandler onFrame, long maxRecords = long.MaxValue)
    {
        if (from.Segment >= SegmentPaths.Count)
        {
            // Nothing after the last seal read: the journal is as it was then.
            Complete = from.Ended;
            EndProblem = from.Ended ? null : "no segment after the last one read yet";
            return from;
        }
        _next = from;
        _budget = maxRecords;
        _startLastSequence = from.LastSequence;
        try
        {
            Walk(from.Segment, from.Offset, onFrame);
        }
        finally
        {
            _budget = long.MaxValue;
            _startLastSequence = -1;
        }
        return _next;
    }
}
