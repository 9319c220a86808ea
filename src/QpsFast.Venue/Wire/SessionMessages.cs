using System.Buffers.Binary;
using System.Text;

namespace QpsFast.Venue.Wire;

/// <summary>Which session a connection is (<see cref="LogonMessage"/>).</summary>
public enum SessionKind : byte
{
    /// <summary>Market data, venue → client.</summary>
    MarketData = 1,
    /// <summary>Order entry and execution reports.</summary>
    Orders = 2,
}

/// <summary>
/// Logon: <c>u8 Session</c>, 7 reserved, <c>i64 ResumeMarket</c> (market records the client already has: the venue
/// sends from there), <c>i64 ResumeReports</c> (execution reports it already has: the venue resends the rest, then
/// reconciles). Both 0 for a new session. 48 bytes.
/// </summary>
public static class LogonMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 24;
    /// <summary>Offset of the session kind.</summary>
    public const int SessionOffset = WireHeader.Size;
    /// <summary>Offset of the market records the client has.</summary>
    public const int ResumeMarketOffset = WireHeader.Size + 8;
    /// <summary>Offset of the execution reports the client has.</summary>
    public const int ResumeReportsOffset = WireHeader.Size + 16;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, SessionKind session, long resumeMarket = 0, long resumeReports = 0)
    {
        m[..Size].Clear();
        WireHeader.Write(m, Size, MessageType.Logon, sequence, WireHeader.NowNs());
        m[SessionOffset] = (byte)session;
        BinaryPrimitives.WriteInt64LittleEndian(m[ResumeMarketOffset..], resumeMarket);
        BinaryPrimitives.WriteInt64LittleEndian(m[ResumeReportsOffset..], resumeReports);
        return Size;
    }

    /// <summary>Reads the session kind.</summary>
    public static SessionKind Session(ReadOnlySpan<byte> m) => (SessionKind)m[SessionOffset];

    /// <summary>Reads the market records the client has.</summary>
    public static long ResumeMarket(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[ResumeMarketOffset..]);

    /// <summary>Reads the execution reports the client has.</summary>
    public static long ResumeReports(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[ResumeReportsOffset..]);
}

/// <summary>
/// Welcome: <c>u16 Symbols</c>, 6 reserved, <c>i64 FirstTimeNs</c> (the data's first event time),
/// <c>i64 VenueTimeNs</c>. 48 bytes.
/// </summary>
public static class WelcomeMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 24;
    /// <summary>Offset of the symbol count.</summary>
    public const int SymbolsOffset = WireHeader.Size;
    /// <summary>Offset of the data's first time.</summary>
    public const int FirstTimeOffset = WireHeader.Size + 8;
    /// <summary>Offset of the venue clock.</summary>
    public const int VenueTimeOffset = WireHeader.Size + 16;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, int symbols, long firstTimeNs, long venueTimeNs)
    {
        m[..Size].Clear();
        WireHeader.Write(m, Size, MessageType.Welcome, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteUInt16LittleEndian(m[SymbolsOffset..], (ushort)symbols);
        BinaryPrimitives.WriteInt64LittleEndian(m[FirstTimeOffset..], firstTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(m[VenueTimeOffset..], venueTimeNs);
        return Size;
    }

    /// <summary>Reads the symbol count.</summary>
    public static int Symbols(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadUInt16LittleEndian(m[SymbolsOffset..]);

    /// <summary>Reads the data's first event time.</summary>
    public static long FirstTimeNs(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[FirstTimeOffset..]);
}

/// <summary>Directory: <c>u16 Symbol</c>, <c>u8 NameLength</c>, 5 reserved, 32 bytes of UTF-8 name. 64 bytes.</summary>
public static class DirectoryMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 40;
    /// <summary>The longest name (UTF-8 bytes).</summary>
    public const int MaxName = 32;
    /// <summary>Offset of the symbol id.</summary>
    public const int SymbolOffset = WireHeader.Size;
    /// <summary>Offset of the name's length.</summary>
    public const int NameLengthOffset = WireHeader.Size + 2;
    /// <summary>Offset of the name.</summary>
    public const int NameOffset = WireHeader.Size + 8;

    /// <summary>Writes one.</summary>
    /// <exception cref="ArgumentException">The name is longer than <see cref="MaxName"/> bytes.</exception>
    public static int Write(Span<byte> m, long sequence, int symbol, string name)
    {
        m[..Size].Clear();
        WireHeader.Write(m, Size, MessageType.Directory, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteUInt16LittleEndian(m[SymbolOffset..], (ushort)symbol);
        int n = Encoding.UTF8.GetByteCount(name);
        if (n > MaxName)
            throw new ArgumentException($"symbol name '{name}' is {n} bytes; the protocol carries at most {MaxName}", nameof(name));
        m[NameLengthOffset] = (byte)n;
        Encoding.UTF8.GetBytes(name, m.Slice(NameOffset, MaxName));
        return Size;
    }

    /// <summary>Reads the symbol id.</summary>
    public static int Symbol(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadUInt16LittleEndian(m[SymbolOffset..]);

    /// <summary>Reads the name.</summary>
    public static string Name(ReadOnlySpan<byte> m) => Encoding.UTF8.GetString(m.Slice(NameOffset, Math.Min((int)m[NameLengthOffset], MaxName)));
}

/// <summary>Heartbeat: <c>i64 VenueTimeNs</c> (the venue's clock: its data time). 32 bytes.</summary>
public static class HeartbeatMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 8;
    /// <summary>Offset of the venue clock.</summary>
    public const int VenueTimeOffset = WireHeader.Size;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, long venueTimeNs)
    {
        WireHeader.Write(m, Size, MessageType.Heartbeat, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteInt64LittleEndian(m[VenueTimeOffset..], venueTimeNs);
        return Size;
    }

    /// <summary>Reads the venue clock.</summary>
    public static long VenueTimeNs(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[VenueTimeOffset..]);
}

/// <summary>End of session: <c>i64 VenueTimeNs</c>, <c>i64 Messages</c> (market-data messages sent before it). 40 bytes.</summary>
public static class EndOfSessionMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size + 16;
    /// <summary>Offset of the venue clock.</summary>
    public const int VenueTimeOffset = WireHeader.Size;
    /// <summary>Offset of the message count.</summary>
    public const int MessagesOffset = WireHeader.Size + 8;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence, long venueTimeNs, long messages)
    {
        WireHeader.Write(m, Size, MessageType.EndOfSession, sequence, WireHeader.NowNs());
        BinaryPrimitives.WriteInt64LittleEndian(m[VenueTimeOffset..], venueTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(m[MessagesOffset..], messages);
        return Size;
    }

    /// <summary>Reads the venue clock.</summary>
    public static long VenueTimeNs(ReadOnlySpan<byte> m) => BinaryPrimitives.ReadInt64LittleEndian(m[VenueTimeOffset..]);
}

/// <summary>Logout: no body. 24 bytes.</summary>
public static class LogoutMessage
{
    /// <summary>Message bytes.</summary>
    public const int Size = WireHeader.Size;

    /// <summary>Writes one.</summary>
    public static int Write(Span<byte> m, long sequence)
    {
        WireHeader.Write(m, Size, MessageType.Logout, sequence, WireHeader.NowNs());
        return Size;
    }
}
