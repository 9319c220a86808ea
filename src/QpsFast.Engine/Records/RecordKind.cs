namespace QpsFast.Engine.Records;

/// <summary>What a <see cref="Record"/> carries. Market kinds are inputs; derived kinds are written by stages.</summary>
public enum RecordKind : byte
{
    /// <summary>An empty slot.</summary>
    None = 0,

    /// <summary>An OHLCV bar (<see cref="BarPayload"/>); its timeframe in minutes is <see cref="Record.Aux"/>.</summary>
    Bar = 1,

    /// <summary>An L2 book level update (<see cref="BookLevelPayload"/>).</summary>
    BookLevel = 2,

    /// <summary>A trade tick (<see cref="TradePayload"/>).</summary>
    Trade = 3,

    /// <summary>
    /// An execution report from an outside venue (<see cref="ExecutionPayload"/>): an input, journaled in arrival order
    /// like market data; its <see cref="ExecType"/> is <see cref="Record.Flags"/>, a venue reject's code <see cref="Record.Aux"/>.
    /// </summary>
    Execution = 4,

    /// <summary>An alpha's target position (<see cref="SignalPayload"/>).</summary>
    Signal = 16,

    /// <summary>An order that passed risk (<see cref="OrderPayload"/>).</summary>
    Order = 17,

    /// <summary>A (partial) fill from the paper broker (<see cref="FillPayload"/>).</summary>
    Fill = 18,

    /// <summary>An order rejected by risk or the broker (<see cref="RejectPayload"/>); the reason is <see cref="Record.Aux"/>.</summary>
    Reject = 19,

    /// <summary>A risk event such as a kill-switch trip (<see cref="RejectPayload"/>); the reason is <see cref="Record.Aux"/>.</summary>
    RiskEvent = 20,

    /// <summary>A portfolio mark for one alpha or the total (<see cref="MarkPayload"/>).</summary>
    Mark = 21,

    /// <summary>
    /// A request to an outside venue to cancel an order (<see cref="RejectPayload"/>: the order, its open quantity, the
    /// record that caused it); the venue's answer is an <see cref="Execution"/> input. Remote venue only.
    /// </summary>
    CancelRequest = 22,

    /// <summary>The start of a session (<see cref="ControlPayload"/>).</summary>
    SessionStart = 32,

    /// <summary>The end of a session (<see cref="ControlPayload"/>).</summary>
    SessionEnd = 33,

    /// <summary>A heartbeat that carries time forward without data.</summary>
    Heartbeat = 34,
}
