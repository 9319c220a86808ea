namespace QpsFast.Engine.Records;

/// <summary>What an <see cref="RecordKind.Execution"/> report says (in <see cref="Record.Flags"/>); the wire's codes are the same.</summary>
public enum ExecType : ushort
{
    /// <summary>Not a report.</summary>
    None = 0,

    /// <summary>The venue accepted the order (its venue order id is <see cref="ExecutionPayload.VenueOrderId"/>).</summary>
    Accepted = 1,

    /// <summary>Part of the order filled; the rest stays open.</summary>
    PartialFill = 2,

    /// <summary>The order filled completely.</summary>
    Fill = 3,

    /// <summary>The order was cancelled: asked for by the engine, or by the venue itself (<see cref="Record.Aux"/> 1).</summary>
    Cancelled = 4,

    /// <summary>The venue rejected the order (its reason code is <see cref="Record.Aux"/>).</summary>
    Rejected = 5,

    /// <summary>Reconciliation: the order is open at the venue with <see cref="ExecutionPayload.Quantity"/> left.</summary>
    Status = 6,

    /// <summary>Reconciliation: the venue's record of the client's position in <see cref="Record.Symbol"/> (<see cref="ExecutionPayload.Quantity"/>).</summary>
    Position = 7,

    /// <summary>Reconciliation ends: every order the engine holds open that no <see cref="Status"/> named is not open at the venue.</summary>
    ReconcileEnd = 8,
}
