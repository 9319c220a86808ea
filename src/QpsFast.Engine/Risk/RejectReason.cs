namespace QpsFast.Engine.Risk;

/// <summary>Why risk rejected an order or tripped (the <c>Aux</c> of Reject and RiskEvent records), by layer.</summary>
public enum RejectReason : ushort
{
    /// <summary>Not a rejection.</summary>
    None = 0,

    // Layer 1: per order
    /// <summary>The order's quantity exceeds the per-order maximum.</summary>
    OrderQuantity = 101,
    /// <summary>The order's notional exceeds the per-order maximum.</summary>
    OrderNotional = 102,

    // Layer 2: per position and per symbol
    /// <summary>The alpha's position in the symbol would exceed its notional limit.</summary>
    PositionNotional = 201,
    /// <summary>The net position in the symbol across alphas would exceed its notional limit.</summary>
    SymbolNotional = 202,

    // Layer 3: portfolio
    /// <summary>Gross exposure would exceed its limit.</summary>
    GrossExposure = 301,
    /// <summary>Net exposure would exceed its limit.</summary>
    NetExposure = 302,
    /// <summary>Cash would fall below the reserve.</summary>
    CashReserve = 303,
    /// <summary>Too many orders in the last minute of event time.</summary>
    OrderRate = 304,

    // Layer 4: system
    /// <summary>The daily loss limit was hit: the kill switch tripped.</summary>
    DailyLoss = 401,
    /// <summary>The drawdown limit was hit: the kill switch tripped.</summary>
    Drawdown = 402,
    /// <summary>The kill switch is active: no new orders.</summary>
    KillSwitchActive = 403,

    // Broker
    /// <summary>No price was known for the symbol.</summary>
    NoPrice = 501,
    /// <summary>The broker's pending-order table is full.</summary>
    TooManyPendingOrders = 502,
    /// <summary>A value or percent order sized to nothing at fill time (already at target, or the target moved the other way).</summary>
    SizedToZero = 503,

    /// <summary>The order's notional, or an exposure or cash sum it would make, does not fit the fixed-point range (about ±92 billion units): refused rather than wrapped.</summary>
    OutOfRange = 504,

    // Strategy
    /// <summary>Cancelled by its alpha (a cancel, or a new value, percent or limit target replacing it).</summary>
    Cancelled = 601,

    // Venue (an outside venue's execution reports)
    /// <summary>The venue rejected the order; <see cref="Records.RejectPayload.Value"/> is the venue's reason code.</summary>
    VenueRejected = 701,
    /// <summary>The venue cancelled the order without being asked (its session ended, or it restarted).</summary>
    VenueCancelled = 702,
    /// <summary>
    /// An execution report for an order the engine does not have open (journaled, never applied: the venue and the
    /// engine disagree, and reconciliation must say why). <see cref="Records.RejectPayload.Value"/> is the report's exec type.
    /// </summary>
    UnknownExecution = 703,
    /// <summary>
    /// Reconciliation found an order the engine held open that the venue does not have (its cause was journaled but the
    /// order never reached the venue: the engine or the link went down in between); the engine closes it.
    /// </summary>
    NotAtVenue = 704,
    /// <summary>
    /// Reconciliation found the venue's record different from the engine's (a RiskEvent): <see cref="Records.RejectPayload.Value"/>
    /// is the venue's figure, <see cref="Records.RejectPayload.Limit"/> the engine's, the symbol the record's; the
    /// order id is set when an open quantity differs (the engine takes the venue's). Positions are not changed: a
    /// mismatch stops a live session.
    /// </summary>
    ReconcileMismatch = 705,
}
