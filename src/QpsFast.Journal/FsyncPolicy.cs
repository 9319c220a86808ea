namespace QpsFast.Journal;

/// <summary>When the journal forces written bytes to disk. It never runs on the business-logic thread.</summary>
public enum FsyncPolicy
{
    /// <summary>Never (the OS writes back in its own time); segments are still fsynced when sealed.</summary>
    None,

    /// <summary>After every <see cref="JournalOptions.FsyncIntervalBytes"/> bytes written (a byte count, not a clock, so it is deterministic).</summary>
    Interval,

    /// <summary>After every flush (every end of batch).</summary>
    EveryFlush,
}
