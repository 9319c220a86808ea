using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>The first record where replay and the journal differ.</summary>
/// <param name="Sequence">The stream sequence of the journal's record (or the replay's, past the journal's end).</param>
/// <param name="Kind">The record kind.</param>
/// <param name="Field">The first differing field, or "record count".</param>
/// <param name="Expected">The journal's value.</param>
/// <param name="Actual">The replay's value.</param>
public sealed record Divergence(long Sequence, string Kind, string Field, string Expected, string Actual);

/// <summary>One alpha's (or the portfolio's) live and replayed results.</summary>
public sealed record ReplayLine(string Name, byte Source, long LivePnlRaw, long ReplayPnlRaw, long LiveTrades, long ReplayTrades)
{
    /// <summary>Returns whether live and replay P&amp;L agree exactly.</summary>
    public bool PnlMatch => LivePnlRaw == ReplayPnlRaw;

    /// <summary>Returns whether live and replay trade counts agree.</summary>
    public bool TradesMatch => LiveTrades == ReplayTrades;
}

/// <summary>What a replay verification found.</summary>
public sealed record ReplayResult(
    string Session,
    string Topology,
    long Inputs,
    long LiveRecords,
    long ReplayRecords,
    ulong LiveDigest,
    ulong ReplayDigest,
    long Mismatches,
    Divergence? FirstDivergence,
    IReadOnlyList<ReplayLine> Lines,
    TornTail? TornTail,
    TimeSpan Elapsed)
{
    /// <summary>Returns how many replayed records of the journal's last group lay past a torn tail (not compared).</summary>
    public long Unjournaled { get; init; }

    /// <summary>Returns whether every segment was sealed (the live run ended cleanly).</summary>
    public bool Sealed { get; init; } = true;

    /// <summary>Returns why the journal does not end with the session's end (cut short, or its last segment lost), or null when it does.</summary>
    public string? EndProblem { get; init; }

    /// <summary>Returns whether the journal ends where its writer ended the session.</summary>
    public bool Complete => EndProblem is null;

    /// <summary>Returns whether every record compared matched byte for byte (and so every P&amp;L and trade count).</summary>
    public bool Matched => !NothingCompared && Mismatches == 0 && FirstDivergence is null && LiveRecords == ReplayRecords && LiveDigest == ReplayDigest;

    /// <summary>Returns whether the whole session matched: every record, and the journal ends with the session's end.</summary>
    public bool Pass => Matched && Complete;

    /// <summary>
    /// Returns the verdict: PASS (the whole session matched), PARTIAL (the prefix the journal holds matched, but the
    /// journal does not end with the session's end), or FAIL.
    /// </summary>
    public string Verdict => !Matched ? "FAIL" : Complete ? "PASS" : "PARTIAL";

    /// <summary>Returns whether the journal held no input to replay (a journal cut back to its header): never a PASS.</summary>
    public bool NothingCompared => Inputs == 0;
}
