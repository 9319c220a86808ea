using System.Buffers.Binary;
using QpsFast.Engine.Records;

namespace QpsFast.Venue.Wire;

/// <summary>
/// New order: <c>i64 ClientOrderId</c>, <c>u16 Symbol</c>, <c>u8 OrderType</c> (0 market, 1 limit), 5 reserved,
/// <c>i64 Quantity</c> (signed raw: positive buys), <c>i64 LimitPrice</c> (0 for market), <c>i64 EngineTimeNs</c> (the
/// input time that caused it). 64 bytes.
/// </summary>
public static class NewOrderMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 40;
    /// <summary>Offset of the client order id.</summary>
    public const int OrderIdOffset = WireHeader.Size;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 8;
    /// <summary>Offset of the order type.</summary>
    public const int TypeOffset = WireHeader.Size + 10;
    /// <summary>Offset of the quantity.</summary>
    public const int QuantityOffset = WireHeader.Size + 16;
    /// <summary>Offset of the limit price.</summary>
    public const int LimitOffset = WireHeader.Size + 24;
    /// <summary>Offset of the engine time.</summary>
    public const int EngineTimeOffset = WireHeader.Size + 32;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, long orderId, int symbol, long quantity, long limit, long engineTimeNs)
    {
        WireHeader.Write(m, Size, MessageType.NewOrder, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteInt64LittleEndian(m[OrderIdOffset..], orderId);
        BinaryPrimitives.WriteUInt16LittleEndian(m[SymbolOffset..], (ushort)symbol);
        m.Slice(TypeOffset, 6).Clear();
        m[TypeOffset] = limit == 0 ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64LittleEndian(m[QuantityOffset..], quantity);
        BinaryPrimitives.WriteInt64LittleEndian(m[LimitOffset..], limit);
        BinaryPrimitives.WriteInt64LittleEndian(m[EngineTimeOffset..], engineTimeNs);
        return Size;
    }

    /// <summary>Reads the client order id.</summary>
    public static long OrderId(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[OrderIdOffset..]);
    /// <summary>Reads the symbol.</summary>
    public static int Symbol(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadUInt16LittleEndian(m[SymbolOffset..]);
    /// <summary>Reads the signed quantity.</summary>
    public static long Quantity(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[QuantityOffset..]);
    /// <summary>Reads the limit price.</summary>
    public static long Limit(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[LimitOffset..]);
    /// <summary>Reads the engine time of the input that caused the order.</summary>
    public static long EngineTimeNs(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[EngineTimeOffset..]);
}

/// <summary>Cancel order: <c>i64 ClientOrderId</c>, <c>u16 Symbol</c>, 6 reserved. 40 bytes.</summary>
public static class CancelOrderMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 16;
    /// <summary>Offset of the client order id.</summary>
    public const int OrderIdOffset = WireHeader.Size;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 8;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, long orderId, int symbol)
    {
        WireHeader.Write(m, Size, MessageType.CancelOrder, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteInt64LittleEndian(m[OrderIdOffset..], orderId);
        BinaryPrimitives.WriteUInt16LittleEndian(m[SymbolOffset..], (ushort)symbol);
        m.Slice(SymbolOffset + 2, 6).Clear();
        return Size;
    }

    /// <summary>Reads the client order id.</summary>
    public static long OrderId(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[OrderIdOffset..]);
}

/// <summary>
/// Execution report: <c>i64 ClientOrderId</c>, <c>i64 VenueOrderId</c>, <c>u16 Symbol</c>, <c>u8 ExecType</c>
/// (<see cref="ExecType"/>), 1 reserved, <c>u16 Reason</c> (rejects; 1 on an unsolicited cancel), 2 reserved,
/// <c>i64 Quantity</c> (fills: signed last quantity; accepted: the order's; cancelled: what was open), <c>i64 Price</c>
/// (fills: last price; accepted: the limit), <c>i64 Fee</c>, <c>i64 LeavesQuantity</c> (signed, after this report),
/// <c>i64 VenueTimeNs</c>. 88 bytes.
/// </summary>
public static class ExecutionReportMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 64;
    /// <summary>Offset of the client order id.</summary>
    public const int OrderIdOffset = WireHeader.Size;
    /// <summary>Offset of the venue order id.</summary>
    public const int VenueOrderIdOffset = WireHeader.Size + 8;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 16;
    /// <summary>Offset of the exec type.</summary>
    public const int ExecTypeOffset = WireHeader.Size + 18;
    /// <summary>Offset of the reason code.</summary>
    public const int ReasonOffset = WireHeader.Size + 20;
    /// <summary>Offset of the quantity.</summary>
    public const int QuantityOffset = WireHeader.Size + 24;
    /// <summary>Offset of the price.</summary>
    public const int PriceOffset = WireHeader.Size + 32;
    /// <summary>Offset of the fee.</summary>
    public const int FeeOffset = WireHeader.Size + 40;
    /// <summary>Offset of the leaves quantity.</summary>
    public const int LeavesOffset = WireHeader.Size + 48;
    /// <summary>Offset of the venue clock.</summary>
    public const int VenueTimeOffset = WireHeader.Size + 56;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, in ExecutionReport x)
    {
        WireHeader.Write(m, Size, MessageType.ExecutionReport, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteInt64LittleEndian(m[OrderIdOffset..], x.OrderId);
        BinaryPrimitives.WriteInt64LittleEndian(m[VenueOrderIdOffset..], x.VenueOrderId);
        BinaryPrimitives.WriteUInt16LittleEndian(m[SymbolOffset..], (ushort)x.Symbol);
        m[ExecTypeOffset] = (byte)x.Type;
        m[ExecTypeOffset + 1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(m[ReasonOffset..], x.Reason);
        BinaryPrimitives.WriteUInt16LittleEndian(m[(ReasonOffset + 2)..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(m[QuantityOffset..], x.Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(m[PriceOffset..], x.Price);
        BinaryPrimitives.WriteInt64LittleEndian(m[FeeOffset..], x.Fee);
        BinaryPrimitives.WriteInt64LittleEndian(m[LeavesOffset..], x.Leaves);
        BinaryPrimitives.WriteInt64LittleEndian(m[VenueTimeOffset..], x.VenueTimeNs);
        return Size;
    }

    /// <summary>Reads one.</summary>
    public static ExecutionReport Read(ReadOnlySpan<byte> m) => new()
    {
        OrderId = BinaryPrimitives.ReadInt64LittleEndian(m[OrderIdOffset..]),
        VenueOrderId = BinaryPrimitives.ReadInt64LittleEndian(m[VenueOrderIdOffset..]),
        Symbol = BinaryPrimitives.ReadUInt16LittleEndian(m[SymbolOffset..]),
        Type = (ExecType)m[ExecTypeOffset],
        Reason = BinaryPrimitives.ReadUInt16LittleEndian(m[ReasonOffset..]),
        Quantity = BinaryPrimitives.ReadInt64LittleEndian(m[QuantityOffset..]),
        Price = BinaryPrimitives.ReadInt64LittleEndian(m[PriceOffset..]),
        Fee = BinaryPrimitives.ReadInt64LittleEndian(m[FeeOffset..]),
        Leaves = BinaryPrimitives.ReadInt64LittleEndian(m[LeavesOffset..]),
        VenueTimeNs = BinaryPrimitives.ReadInt64LittleEndian(m[VenueTimeOffset..]),
    };
}

/// <summary>An execution report's fields (<see cref="ExecutionReportMessage"/>).</summary>
public struct ExecutionReport
{
    /// <summary>The client's order id.</summary>
    public long OrderId;
    /// <summary>The venue's order id (0 when it assigned none: a rejected order).</summary>
    public long VenueOrderId;
    /// <summary>The symbol id.</summary>
    public int Symbol;
    /// <summary>What happened.</summary>
    public ExecType Type;
    /// <summary>A reject's reason code (<see cref="VenueRejectReason"/>); 1 on a cancel the venue made itself.</summary>
    public ushort Reason;
    /// <summary>Fills: signed last quantity. Accepted: the order's. Cancelled: what was open.</summary>
    public long Quantity;
    /// <summary>Fills: last price. Accepted: the limit.</summary>
    public long Price;
    /// <summary>Fills: the fee.</summary>
    public long Fee;
    /// <summary>Signed quantity still open after this report.</summary>
    public long Leaves;
    /// <summary>The venue clock.</summary>
    public long VenueTimeNs;

    /// <summary>The input record the engine journals for it; its time is set from the engine's input clock when it is published (<see cref="Client.SessionInputs"/>).</summary>
    public readonly Record ToRecord()
    {
        var r = new Record { TimeNs = VenueTimeNs, Kind = RecordKind.Execution, Source = SourceId.Feed, Symbol = (ushort)Symbol, Flags = (ushort)Type, Aux = Reason };
        r.Execution.OrderId = OrderId;
        r.Execution.Quantity = Quantity;
        r.Execution.Price = Price;
        r.Execution.VenueTimeNs = VenueTimeNs;
        if (Type is ExecType.PartialFill or ExecType.Fill)
            r.Execution.Fee = Fee;
        else
            r.Execution.VenueOrderId = VenueOrderId;
        return r;
    }
}

/// <summary>The venue's reject reason codes (<see cref="ExecutionReport.Reason"/> on a reject).</summary>
public enum VenueRejectReason : ushort
{
    /// <summary>No reject.</summary>
    None = 0,
    /// <summary>The symbol id is not in the directory.</summary>
    UnknownSymbol = 1,
    /// <summary>The quantity is 0 (or beyond the range a quantity may take).</summary>
    ZeroQuantity = 2,
    /// <summary>The limit price is negative.</summary>
    BadPrice = 3,
    /// <summary>The client order id is not above every id the client used before (ids must increase).</summary>
    DuplicateOrderId = 4,
    /// <summary>A market order for a symbol with no price yet.</summary>
    NoMarket = 5,
    /// <summary>The venue's data has ended: it takes market orders (filled at the last price), no limit orders.</summary>
    SessionClosed = 6,
    /// <summary>The venue holds as many open orders as it may.</summary>
    VenueFull = 7,
}
