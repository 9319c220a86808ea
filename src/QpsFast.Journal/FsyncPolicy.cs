namespace QpsFast.Journal;

/// <summary>When the journal forces written bytes to disk. It never runs on the business-logic thread.</summary>
public enum FsyncPolicy
{
    /// <summary>Never (the OS writes back in its own time); segments are still fsynced when sealed.</summary>
    None,

    /// <summary>
    /// After every <see cref="JournalOptions.FsyncIntervalBytes"/> bytes written (a byte count, not a clock), on a thread
    /// of its own while the journal thread goes on; the journal thread waits only when the previous fsync has not
    /// finished, so at most two intervals are unsynced. A seal is always synchronous.
    /// </summary>
    Interval,

    /// <summary>After every flush (every end of batch).</summary>
    EveryFlush,
}
