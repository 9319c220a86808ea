namespace QpsFast.Engine.Records;

/// <summary>Who made a heartbeat input (<see cref="Record.Flags"/> of a <see cref="RecordKind.Heartbeat"/>).</summary>
public enum HeartbeatSource : ushort
{
    /// <summary>The session itself (its end: deferred work, final marks).</summary>
    Session = 0,

    /// <summary>The venue's heartbeat (its clock in <c>Control.LastTimeNs</c>).</summary>
    Venue = 1,

    /// <summary>The session's wall-clock timer (<c>--timer-ms</c>): UTC wall time in <c>Control.LastTimeNs</c>, tick number in <c>Control.Count</c>.</summary>
    WallTimer = 2,

    /// <summary>
    /// The session logged on to its venue again here (after a lost link, or a crash): orders made before it and not
    /// named by the venue's reconciliation never reached the venue; orders made after it did, whatever the
    /// reconciliation says.
    /// </summary>
    Reconnected = 3,

    /// <summary>The session is over: its last input before it logs out of its venue (nothing is left to resume).</summary>
    LoggedOut = 4,
}
