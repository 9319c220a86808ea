using QpsFast.Venue.Matching;

namespace QpsFast.Venue.Server;

/// <summary>How <c>qps venue</c> runs (docs/protocol.md).</summary>
public sealed record VenueOptions
{
    /// <summary>The address to listen on (loopback by default).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port (0: any free port; <see cref="VenueServer.Port"/> says which).</summary>
    public int Port { get; init; }

    /// <summary>Data time per wall time (60: a minute of data per second); 0 sends as fast as the client takes it.</summary>
    public double Speed { get; init; }

    /// <summary>Wall time between heartbeats on the market-data session while data flows or waits.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a client's two sessions to log on.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After the end of the data, how long to keep taking orders before the client must have logged out.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tests: before sending the market record with this index, skip one sequence number (a forced gap); 0 never.</summary>
    public long FaultGapAt { get; init; }

    /// <summary>Tests: after sending the market record with this index, close the client's connections (a dropped link); 0 never.</summary>
    public long FaultDropAt { get; init; }

    /// <summary>Tests: after the data, close the client's connections once, when its first order arrives (a link lost while the client ends).</summary>
    public bool FaultDropAfterEnd { get; init; }

    /// <summary>The matching rules.</summary>
    public VenueSettings Settings { get; init; } = new();
}
