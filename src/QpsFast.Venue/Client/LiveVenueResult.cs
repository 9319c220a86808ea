using QpsFast.Journal;
using QpsFast.Replay;

namespace QpsFast.Venue.Client;

/// <summary>A session that cannot be resumed; the message says why.</summary>
public sealed class ResumeException(string message) : Exception(message);

/// <summary>How a live venue session behaves at its edges.</summary>
public sealed record LiveVenueOptions
{
    /// <summary>How long to wait for the venue to answer a logon.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the venue's end of data, how long to wait for open orders to close.</summary>
    public TimeSpan EndTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A wall-clock timer: a heartbeat input (journaled) every this much wall time; null for none.</summary>
    public TimeSpan? Timer { get; init; }

    /// <summary>How long to keep trying to reconnect after the venue went away.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Times each order sent from the receive of the market message behind it (journaled sessions), or null.</summary>
    public TickToTradeRecorder? TickToTrade { get; init; }
}

/// <summary>What a live venue session did.</summary>
/// <param name="Session">The engine, its stream statistics and journal.</param>
/// <param name="Manifest">The session's manifest.</param>
/// <param name="Problem">What went wrong (the venue went away for good, broke the protocol, disagreed at reconciliation, orders left open), or null.</param>
/// <param name="OpenOrdersAtEnd">Orders still open at the end.</param>
/// <param name="MarketMessages">Market-data messages received.</param>
/// <param name="Reports">Execution reports received.</param>
/// <param name="OrdersSent">Orders sent.</param>
/// <param name="CancelsSent">Cancels sent.</param>
/// <param name="FeedSteadyAllocatedBytes">Bytes the feed handler's thread allocated after its warm-up (−1: too few messages to say).</param>
/// <param name="ReportsSteadyAllocatedBytes">Bytes the report reader's threads allocated after their warm-up (−1: too few reports).</param>
public sealed record LiveVenueResult(SessionResult Session, SessionManifest Manifest, string? Problem, int OpenOrdersAtEnd,
    long MarketMessages, long Reports, long OrdersSent, long CancelsSent, long FeedSteadyAllocatedBytes, long ReportsSteadyAllocatedBytes)
{
    /// <summary>Returns how many times the session reconnected to the venue.</summary>
    public int Reconnects { get; init; }

    /// <summary>Returns why the session reconnected, each time.</summary>
    public IReadOnlyList<string> ReconnectReasons { get; init; } = [];

    /// <summary>Returns where a resumed session's journal stood when it resumed (null for a new session).</summary>
    public JournalContinuation? Resumed { get; init; }
}
