namespace QpsFast.Engine.Records;

/// <summary>
/// The byte layout of <see cref="Record"/>: one 64-byte cache line, little-endian, the unit of the rings, the journal
/// and replay.
/// </summary>
/// <remarks>
/// <code>
///  0               8               16  17  18      20      22      24                                      64
///  +---------------+---------------+---+---+-------+-------+-------+----------------------------------------+
///  | TimeNs (i64)  | Sequence (i64)| K | S | Symbol| Flags |  Aux  |  payload: 40 bytes, a union per kind   |
///  +---------------+---------------+---+---+-------+-------+-------+----------------------------------------+
///  K = kind (u8)  S = source (u8)  Symbol, Flags, Aux = u16
///
///  Bar        24 Open  32 High  40 Low  48 Close  56 Volume                  (Aux = timeframe minutes)
///  BookLevel  24 Price 32 Size  40 BestBid 48 BestAsk 56 Side(u8) 57 Level(u8)
///  Trade      24 Price 32 Size  40 Aggressor side (u8)
///  Signal     24 TargetQuantity 32 ReferencePrice 40 Strength (f64 bits)
///  Order      24 OrderId 32 Quantity (signed) 40 LimitPrice (0 = market) 48 ParentSequence 56 Type(u8)
///  Fill       24 OrderId 32 Quantity (signed) 40 Price 48 Fee 56 LeavesQuantity
///  Reject     24 OrderId 32 Quantity (signed) 40 Value 48 Limit 56 ParentSequence   (Aux = reason)
///  Mark       24 Equity  32 Cash  40 RealizedPnl 48 UnrealizedPnl 56 Fees
///  Control    24 ConfigHash 32 Count 40 Seed 48 First time 56 Last time
/// </code>
/// Prices, quantities and money are fixed-point raw longs at 10^-8 (see <c>FixedPoint</c>).
/// </remarks>
public static class RecordDescriptor
{
    /// <summary>The size of a record in bytes.</summary>
    public const int Size = 64;

    /// <summary>Offset of the event time.</summary>
    public const int TimeNsOffset = 0;

    /// <summary>Offset of the stream sequence.</summary>
    public const int SequenceOffset = 8;

    /// <summary>Offset of the kind.</summary>
    public const int KindOffset = 16;

    /// <summary>Offset of the source.</summary>
    public const int SourceOffset = 17;

    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = 18;

    /// <summary>Offset of the flags.</summary>
    public const int FlagsOffset = 20;

    /// <summary>Offset of the kind-specific auxiliary field.</summary>
    public const int AuxOffset = 22;

    /// <summary>Offset of the payload.</summary>
    public const int PayloadOffset = 24;

    /// <summary>Size of the payload.</summary>
    public const int PayloadSize = Size - PayloadOffset;

    /// <summary>The symbol id that means "all symbols" (portfolio totals).</summary>
    public const ushort AllSymbols = ushort.MaxValue;
}
