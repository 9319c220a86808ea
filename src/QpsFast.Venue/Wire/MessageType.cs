namespace QpsFast.Venue.Wire;

/// <summary>The message types of both sessions (docs/protocol.md): one ASCII letter each.</summary>
public static class MessageType
{
    // Both sessions
    /// <summary>Client → venue, first message of a connection (<see cref="LogonMessage"/>).</summary>
    public const byte Logon = (byte)'L';
    /// <summary>Venue → client, the answer to a logon (<see cref="WelcomeMessage"/>).</summary>
    public const byte Welcome = (byte)'W';
    /// <summary>Venue → client, one per symbol after the welcome on the market-data session (<see cref="DirectoryMessage"/>).</summary>
    public const byte Directory = (byte)'D';
    /// <summary>Either way: time passes, the connection lives (<see cref="HeartbeatMessage"/>).</summary>
    public const byte Heartbeat = (byte)'H';
    /// <summary>Venue → client: the venue's data has ended (<see cref="EndOfSessionMessage"/>).</summary>
    public const byte EndOfSession = (byte)'E';
    /// <summary>Client → venue: the client is done; the venue cancels its open orders and closes (<see cref="LogoutMessage"/>).</summary>
    public const byte Logout = (byte)'Z';

    // Market data (venue → client)
    /// <summary>An OHLCV bar (<see cref="BarMessage"/>).</summary>
    public const byte Bar = (byte)'B';
    /// <summary>An L2 level update (<see cref="BookLevelMessage"/>).</summary>
    public const byte BookLevel = (byte)'K';
    /// <summary>A trade (<see cref="TradeMessage"/>).</summary>
    public const byte Trade = (byte)'T';

    // Order entry
    /// <summary>Client → venue: a new order (<see cref="NewOrderMessage"/>).</summary>
    public const byte NewOrder = (byte)'O';
    /// <summary>Client → venue: cancel an open order (<see cref="CancelOrderMessage"/>).</summary>
    public const byte CancelOrder = (byte)'X';
    /// <summary>Venue → client: an execution report (<see cref="ExecutionReportMessage"/>).</summary>
    public const byte ExecutionReport = (byte)'R';

    /// <summary>Returns the size of a message of this type (every type has one fixed size), or 0 for an unknown type.</summary>
    public static int SizeOf(byte type) => type switch
    {
        Logon => LogonMessage.Size,
        Welcome => WelcomeMessage.Size,
        Directory => DirectoryMessage.Size,
        Heartbeat => HeartbeatMessage.Size,
        EndOfSession => EndOfSessionMessage.Size,
        Logout => LogoutMessage.Size,
        Bar => BarMessage.Size,
        BookLevel => BookLevelMessage.Size,
        Trade => TradeMessage.Size,
        NewOrder => NewOrderMessage.Size,
        CancelOrder => CancelOrderMessage.Size,
        ExecutionReport => ExecutionReportMessage.Size,
        _ => 0,
    };
}
