using System.Buffers.Binary;
using QpsFast.Engine.Records;

namespace QpsFast.Venue.Wire;

/// <summary>
/// Bar: <c>i64 TimeNs</c> (the bar's close), <c>u16 Symbol</c>, <c>u16 Minutes</c>, 4 reserved, then
/// <c>i64 Open, High, Low, Close, Volume</c> (raw fixed point, 10^-8). 80 bytes.
/// </summary>
public static class BarMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 56;
    /// <summary>Offset of the event time.</summary>
    public const int TimeOffset = WireHeader.Size;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 8;
    /// <summary>Offset of the bar's minutes.</summary>
    public const int MinutesOffset = WireHeader.Size + 10;
    /// <summary>Offset of the open (high, low, close and volume follow, 8 bytes each).</summary>
    public const int OpenOffset = WireHeader.Size + 16;
}

/// <summary>
/// Book level: <c>i64 TimeNs</c>, <c>u16 Symbol</c>, <c>u8 Side</c> (0 bid, 1 ask), <c>u8 Level</c> (from the touch),
/// 4 reserved, <c>i64 Price, Size</c> (0 deletes the level), <c>i64 BestBid, BestAsk</c> (after the update). 72 bytes.
/// </summary>
public static class BookLevelMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 48;
    /// <summary>Offset of the event time.</summary>
    public const int TimeOffset = WireHeader.Size;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 8;
    /// <summary>Offset of the side.</summary>
    public const int SideOffset = WireHeader.Size + 10;
    /// <summary>Offset of the level.</summary>
    public const int LevelOffset = WireHeader.Size + 11;
    /// <summary>Offset of the price (size, best bid and best ask follow, 8 bytes each).</summary>
    public const int PriceOffset = WireHeader.Size + 16;
}

/// <summary>
/// Trade: <c>i64 TimeNs</c>, <c>u16 Symbol</c>, <c>u8 Aggressor</c> (0 buyer, 1 seller, 2 unknown), 5 reserved,
/// <c>i64 Price, Size</c>. 56 bytes.
/// </summary>
public static class TradeMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 32;
    /// <summary>Offset of the event time.</summary>
    public const int TimeOffset = WireHeader.Size;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size + 8;
    /// <summary>Offset of the aggressor.</summary>
    public const int AggressorOffset = WireHeader.Size + 10;
    /// <summary>Offset of the price (the size follows).</summary>
    public const int PriceOffset = WireHeader.Size + 16;
}

/// <summary>Market records to and from their wire messages, without allocating.</summary>
public static class MarketDataCodec
{
    /// <summary>Writes the message for a market record; returns its length.</summary>
    /// <exception cref="ArgumentException">The record is not market data.</exception>
    public static int Encode(Span<byte> m, in Record r, long sequence, long stampNs)
    {
        switch (r.Kind)
        {
            case RecordKind.Bar:
                WireHeader.Write(m, BarMessage.Size, MessageType.Bar, sequence, stampNs);
                Common(m, r.TimeNs, r.Symbol);
                BinaryPrimitives.WriteUInt16LittleEndian(m[BarMessage.MinutesOffset..], r.Aux);
                BinaryPrimitives.WriteUInt32LittleEndian(m[(BarMessage.MinutesOffset + 2)..], 0);
                Longs(m[BarMessage.OpenOffset..], r.Bar.Open, r.Bar.High, r.Bar.Low, r.Bar.Close, r.Bar.Volume);
                return BarMessage.Size;
            case RecordKind.BookLevel:
                WireHeader.Write(m, BookLevelMessage.Size, MessageType.BookLevel, sequence, stampNs);
                Common(m, r.TimeNs, r.Symbol);
                m[BookLevelMessage.SideOffset] = r.Book.Side;
                m[BookLevelMessage.LevelOffset] = r.Book.Level;
                BinaryPrimitives.WriteUInt32LittleEndian(m[(BookLevelMessage.LevelOffset + 1)..], 0);
                Longs(m[BookLevelMessage.PriceOffset..], r.Book.Price, r.Book.Size, r.Book.BestBid, r.Book.BestAsk);
                return BookLevelMessage.Size;
            case RecordKind.Trade:
                WireHeader.Write(m, TradeMessage.Size, MessageType.Trade, sequence, stampNs);
                Common(m, r.TimeNs, r.Symbol);
                m.Slice(TradeMessage.AggressorOffset, 6).Clear();
                m[TradeMessage.AggressorOffset] = r.Trade.Aggressor;
                Longs(m[TradeMessage.PriceOffset..], r.Trade.Price, r.Trade.Size);
                return TradeMessage.Size;
            default:
                throw new ArgumentException($"a {r.Kind} record is not market data", nameof(r));
        }
    }

    /// <summary>
    /// Reads a market-data message (<see cref="MessageType.Bar"/>, <see cref="MessageType.BookLevel"/> or
    /// <see cref="MessageType.Trade"/>) into an input record; returns false for any other type.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> m, out Record r)
    {
        r = default;
        byte type = WireHeader.Type(m);
        int size = type switch { MessageType.Bar => BarMessage.Size, MessageType.BookLevel => BookLevelMessage.Size, MessageType.Trade => TradeMessage.Size, _ => 0 };
        if (size == 0 || m.Length < size)
            return false;
        r.TimeNs = BinaryPrimitives.ReadInt64LittleEndian(m[WireHeader.Size..]);
        r.Symbol = BinaryPrimitives.ReadUInt16LittleEndian(m[(WireHeader.Size + 8)..]);
        r.Source = SourceId.Feed;
        switch (type)
        {
            case MessageType.Bar:
                r.Kind = RecordKind.Bar;
                r.Aux = BinaryPrimitives.ReadUInt16LittleEndian(m[BarMessage.MinutesOffset..]);
                var b = m[BarMessage.OpenOffset..];
                r.Bar.Open = Long(b, 0);
                r.Bar.High = Long(b, 1);
                r.Bar.Low = Long(b, 2);
                r.Bar.Close = Long(b, 3);
                r.Bar.Volume = Long(b, 4);
                return true;
            case MessageType.BookLevel:
                r.Kind = RecordKind.BookLevel;
                r.Book.Side = m[BookLevelMessage.SideOffset];
                r.Book.Level = m[BookLevelMessage.LevelOffset];
                var p = m[BookLevelMessage.PriceOffset..];
                r.Book.Price = Long(p, 0);
                r.Book.Size = Long(p, 1);
                r.Book.BestBid = Long(p, 2);
                r.Book.BestAsk = Long(p, 3);
                return true;
            default:
                r.Kind = RecordKind.Trade;
                r.Trade.Aggressor = m[TradeMessage.AggressorOffset];
                r.Trade.Price = Long(m[TradeMessage.PriceOffset..], 0);
                r.Trade.Size = Long(m[TradeMessage.PriceOffset..], 1);
                return true;
        }
    }

    private static void Common(Span<byte> m, long timeNs, ushort symbol)
    {
        BinaryPrimitives.WriteInt64LittleEndian(m[WireHeader.Size..], timeNs);
        BinaryPrimitives.WriteUInt16LittleEndian(m[(WireHeader.Size + 8)..], symbol);
    }

    private static void Longs(Span<byte> m, params ReadOnlySpan<long> values)
    {
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(m[(i * 8)..], values[i]);
    }

    private static long Long(ReadOnlySpan<byte> m, int index) => BinaryPrimitives.ReadInt64LittleEndian(m[(index * 8)..]);
}
