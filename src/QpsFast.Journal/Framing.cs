namespace QpsFast.Journal;

/// <summary>Where the journal writer ends a data frame.</summary>
public enum Framing
{
    /// <summary>
    /// Every frame holds exactly 1,024 records (the last one of a session may hold fewer). The segment bytes depend
    /// only on the record stream, never on how the pipeline happened to batch it: the same inputs give byte-identical
    /// journal files. A flush writes the complete frames; records of an unfilled frame reach the file when it fills
    /// or the journal closes.
    /// </summary>
    Deterministic,

    /// <summary>
    /// A frame also ends at every flush (each end of batch): records reach the file with the least delay, but frame
    /// boundaries, and so the compressed bytes, depend on batching. The decompressed record stream is the same.
    /// </summary>
    EndOfBatch,
}
