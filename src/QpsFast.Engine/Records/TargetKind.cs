namespace QpsFast.Engine.Records;

/// <summary>What a signal's <see cref="SignalPayload.TargetQuantity"/> holds, and how the order it causes is sized.</summary>
public enum TargetKind : byte
{
    /// <summary>A target position (signed raw quantity). The order is the difference to position + pending.</summary>
    Quantity = 0,

    /// <summary>
    /// A target position worth this much money (signed raw money: negative is short), sized at fill time against the
    /// fill price. Replaces the book's pending orders in the symbol.
    /// </summary>
    Value = 1,

    /// <summary>
    /// A target position worth this fraction of the book's equity (signed raw fixed point: 1.0 is 100 % long, −0.5 is
    /// 50 % short), sized at fill time against the fill price and the equity at that price, fees included. Replaces
    /// the book's pending orders in the symbol.
    /// </summary>
    Percent = 2,

    /// <summary>Cancels the book's pending orders in the symbol; each is journaled as a Reject with reason Cancelled.</summary>
    Cancel = 3,
}
