using System.Runtime.InteropServices;

namespace QpsFast.Engine.Records;

/// <summary>An OHLCV bar. Raw fixed-point values.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct BarPayload
{
    /// <summary>Open price.</summary>
    [FieldOffset(0)] public long Open;
    /// <summary>High price.</summary>
    [FieldOffset(8)] public long High;
    /// <summary>Low price.</summary>
    [FieldOffset(16)] public long Low;
    /// <summary>Close price.</summary>
    [FieldOffset(24)] public long Close;
    /// <summary>Volume.</summary>
    [FieldOffset(32)] public long Volume;
}

/// <summary>One L2 level update with the top of book after it. A size of 0 deletes the level.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct BookLevelPayload
{
    /// <summary>Level price.</summary>
    [FieldOffset(0)] public long Price;
    /// <summary>Level size; 0 deletes the level.</summary>
    [FieldOffset(8)] public long Size;
    /// <summary>Best bid after the update.</summary>
    [FieldOffset(16)] public long BestBid;
    /// <summary>Best ask after the update.</summary>
    [FieldOffset(24)] public long BestAsk;
    /// <summary>0 bid, 1 ask.</summary>
    [FieldOffset(32)] public byte Side;
    /// <summary>Level index from the touch, 0-based.</summary>
    [FieldOffset(33)] public byte Level;
}

/// <summary>A trade tick.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct TradePayload
{
    /// <summary>Trade price.</summary>
    [FieldOffset(0)] public long Price;
    /// <summary>Trade size.</summary>
    [FieldOffset(8)] public long Size;
    /// <summary>0 buyer-initiated, 1 seller-initiated, 2 unknown.</summary>
    [FieldOffset(16)] public byte Aggressor;
}

/// <summary>An alpha's desired position in a symbol.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct SignalPayload
{
    /// <summary>Target position (signed raw quantity).</summary>
    [FieldOffset(0)] public long TargetQuantity;
    /// <summary>The price the alpha saw when deciding.</summary>
    [FieldOffset(8)] public long ReferencePrice;
    /// <summary>Signal strength (z-score, imbalance, …) as a double.</summary>
    [FieldOffset(16)] public double Strength;
    /// <summary>The alpha's own limit price; 0 for a market order (or the broker's configured limit policy).</summary>
    [FieldOffset(24)] public long LimitPrice;
    /// <summary>
    /// What <see cref="TargetQuantity"/> holds (<see cref="Records.TargetKind"/>): a quantity (0, the built-in
    /// alphas'), money, a fraction of the book's equity, or nothing (cancel).
    /// </summary>
    [FieldOffset(32)] public TargetKind Target;
    /// <summary>Value and percent targets are rounded toward zero to 10^-LotDecimals units (0: whole units).</summary>
    [FieldOffset(33)] public byte LotDecimals;
}

/// <summary>An order that passed risk.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct OrderPayload
{
    /// <summary>Order id, unique in the session.</summary>
    [FieldOffset(0)] public long OrderId;
    /// <summary>Signed quantity: positive buys, negative sells.</summary>
    [FieldOffset(8)] public long Quantity;
    /// <summary>Limit price; 0 for a market order.</summary>
    [FieldOffset(16)] public long LimitPrice;
    /// <summary>The sequence of the signal that caused the order.</summary>
    [FieldOffset(24)] public long ParentSequence;
    /// <summary>0 market, 1 limit.</summary>
    [FieldOffset(32)] public byte Type;
    /// <summary>
    /// How the order is sized (<see cref="TargetKind"/>): a fixed <see cref="Quantity"/> (0), or a value or percent
    /// target sized when it fills, against the fill price; then <see cref="Quantity"/> is risk's estimate at the
    /// current mark, and the fills carry the real size.
    /// </summary>
    [FieldOffset(33)] public TargetKind Sizing;
}

/// <summary>A fill of an order.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct FillPayload
{
    /// <summary>The order filled.</summary>
    [FieldOffset(0)] public long OrderId;
    /// <summary>Signed filled quantity.</summary>
    [FieldOffset(8)] public long Quantity;
    /// <summary>Fill price, slippage included.</summary>
    [FieldOffset(16)] public long Price;
    /// <summary>Fee charged (money).</summary>
    [FieldOffset(24)] public long Fee;
    /// <summary>Signed quantity still open after this fill.</summary>
    [FieldOffset(32)] public long LeavesQuantity;
}

/// <summary>
/// An execution report from an outside venue. Which fields hold what depends on the <see cref="ExecType"/>
/// (<see cref="Record.Flags"/>): an acknowledgement carries the venue's order id where a fill carries its fee.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct ExecutionPayload
{
    /// <summary>The engine's order id (the client order id on the wire).</summary>
    [FieldOffset(0)] public long OrderId;
    /// <summary>Fills: the signed quantity filled by this report. Accepted: the order's signed quantity. Cancelled: the signed quantity cancelled.</summary>
    [FieldOffset(8)] public long Quantity;
    /// <summary>Fills: the price. Accepted: the limit price (0 for a market order).</summary>
    [FieldOffset(16)] public long Price;
    /// <summary>Fills: the fee the venue charged (money).</summary>
    [FieldOffset(24)] public long Fee;
    /// <summary>Accepted, cancelled and rejected: the venue's order id (0 when the venue assigned none).</summary>
    [FieldOffset(24)] public long VenueOrderId;
    /// <summary>The venue's clock when it made the report (ns); the record's own time is the engine's input clock.</summary>
    [FieldOffset(32)] public long VenueTimeNs;
}

/// <summary>A rejection or risk event: what was asked, the value that broke the limit, and the limit.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct RejectPayload
{
    /// <summary>The order id (0 if none was assigned).</summary>
    [FieldOffset(0)] public long OrderId;
    /// <summary>Signed quantity asked for.</summary>
    [FieldOffset(8)] public long Quantity;
    /// <summary>The value that broke the limit (raw fixed point).</summary>
    [FieldOffset(16)] public long Value;
    /// <summary>The limit (raw fixed point).</summary>
    [FieldOffset(24)] public long Limit;
    /// <summary>The sequence of the record that caused it.</summary>
    [FieldOffset(32)] public long ParentSequence;
}

/// <summary>A portfolio mark for one alpha, or for the total when the source is the portfolio.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct MarkPayload
{
    /// <summary>Cash plus positions at the mark.</summary>
    [FieldOffset(0)] public long Equity;
    /// <summary>Cash.</summary>
    [FieldOffset(8)] public long Cash;
    /// <summary>Realized P&amp;L.</summary>
    [FieldOffset(16)] public long RealizedPnl;
    /// <summary>Unrealized P&amp;L at the mark.</summary>
    [FieldOffset(24)] public long UnrealizedPnl;
    /// <summary>Fees paid.</summary>
    [FieldOffset(32)] public long Fees;
}

/// <summary>Session control data.</summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.PayloadSize)]
public struct ControlPayload
{
    /// <summary>Hash of the run's configuration.</summary>
    [FieldOffset(0)] public long ConfigHash;
    /// <summary>A count (symbols at start, records at end).</summary>
    [FieldOffset(8)] public long Count;
    /// <summary>The data seed, if synthetic.</summary>
    [FieldOffset(16)] public long Seed;
    /// <summary>First event time of the data (ns).</summary>
    [FieldOffset(24)] public long FirstTimeNs;
    /// <summary>Last event time of the data (ns).</summary>
    [FieldOffset(32)] public long LastTimeNs;
}
