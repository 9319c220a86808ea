using System.Net.Sockets;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// A client's two sessions with a venue (docs/protocol.md): market data and orders, logged on, with the venue's
/// welcome and symbol directory read.
/// </summary>
public sealed class VenueConnection : IDisposable
{
    private VenueConnection(string address, Socket md, Socket orders, FrameReader mdReader, FrameWriter ordersOut, IReadOnlyList<string> symbols, long firstTimeNs)
    {
        Address = address;
        MarketDataSocket = md;
        OrderSocket = orders;
        MarketData = mdReader;
        Orders = new FrameReader(orders, "order");
        OrdersOut = ordersOut;
        Symbols = symbols;
        FirstTimeNs = firstTimeNs;
    }

    /// <summary>Returns the venue's address as given (<c>HOST:PORT</c>).</summary>
    public string Address { get; }

    /// <summary>Returns the market-data socket.</summary>
    public Socket MarketDataSocket { get; }

    /// <summary>Returns the order socket.</summary>
    public Socket OrderSocket { get; }

    /// <summary>Returns the market-data session's reader (the welcome and the directory already read).</summary>
    public FrameReader MarketData { get; }

    /// <summary>Returns the order session's reader (execution reports).</summary>
    public FrameReader Orders { get; }

    /// <summary>Returns the order session's writer (orders, cancels, logout).</summary>
    public FrameWriter OrdersOut { get; }

    /// <summary>Returns the venue's symbols, by id.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Returns the event time of the venue's first data.</summary>
    public long FirstTimeNs { get; }

    /// <summary>Connects and logs on both sessions; reads the welcome and the directory (waiting at most <paramref name="timeout"/> for them).</summary>
    /// <exception cref="ProtocolException">The address is malformed, nothing answers there, or the venue breaks the protocol; the message says which.</exception>
    /// <param name="address">HOST:PORT.</param>
    /// <param name="timeout">How long to wait for the welcome.</param>
    /// <param name="resumeMarket">Market records the client already has (0 for a new session).</param>
    /// <param name="resumeReports">Execution reports the client already has (0 for a new session).</param>
    public static VenueConnection Open(string address, TimeSpan timeout, long resumeMarket = 0, long resumeReports = 0)
    {
        var (host, port) = Parse(address);
        var md = Connect(host, port, address);
        var orders = Connect(host, port, address);
        try
        {
            var mdOut = new FrameWriter(md);
            LogonMessage.Write(mdOut.Claim(), mdOut.NextSequence, SessionKind.MarketData, resumeMarket, resumeReports);
            mdOut.Commit(LogonMessage.Size);
            var ordersOut = new FrameWriter(orders);
            LogonMessage.Write(ordersOut.Claim(), ordersOut.NextSequence, SessionKind.Orders, resumeMarket, resumeReports);
            ordersOut.Commit(LogonMessage.Size);
            if (!mdOut.Flush() || !ordersOut.Flush())
                throw new ProtocolException($"venue {address} closed the connection at logon");
            md.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            var reader = new FrameReader(md, "market-data");
            var welcome = Expect(reader, MessageType.Welcome, address);
            int count = WelcomeMessage.Symbols(welcome);
            long first = WelcomeMessage.FirstTimeNs(welcome);
            var symbols = new string[count];
            for (int i = 0; i < count; i++)
            {
                var d = Expect(reader, MessageType.Directory, address);
                int id = DirectoryMessage.Symbol(d);
                if (id >= count || symbols[id] is not null)
                    throw new ProtocolException($"venue {address}: directory message {reader.LastSequence} names symbol id {id} twice or out of range (0..{count - 1})");
                symbols[id] = DirectoryMessage.Name(d);
            }
            md.ReceiveTimeout = 0;
            return new VenueConnection(address, md, orders, reader, ordersOut, symbols, first);
        }
        catch (SocketException e)
        {
            md.Dispose();
            orders.Dispose();
            throw new ProtocolException($"venue {address}: {e.Message} during logon");
        }
        catch
        {
            md.Dispose();
            orders.Dispose();
            throw;
        }
    }

    /// <summary>Parses <c>HOST:PORT</c>.</summary>
    /// <exception cref="ProtocolException">It is not one.</exception>
    public static (string Host, int Port) Parse(string address)
    {
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out int port) || port is < 1 or > 65535)
            throw new ProtocolException($"--venue '{address}' is not HOST:PORT (a port from 1 to 65535)");
        return (address[..colon], port);
    }

    private static Socket Connect(string host, int port, string address)
    {
        // A synchronous connect (the operating system's connect timeout applies): a socket that has ever run an async
        // operation, BeginConnect included, emulates blocking receives through .NET's async engine, which allocated
        // 5.7 to 18.8 KB per run on the feed thread (AllocationTests); this one stays a plain blocking socket.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(host, port);
            return socket;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            socket.Dispose();
            throw new ProtocolException($"no venue answers at {address}: {e.Message}");
        }
    }

    private static ReadOnlySpan<byte> Expect(FrameReader reader, byte type, string address)
    {
        var m = reader.Next(block: true);
        if (m.IsEmpty)
            throw new ProtocolException($"venue {address} closed the market-data session before its {(char)type} message");
        if (WireHeader.Type(m) != type)
            throw new ProtocolException($"venue {address}: market-data message {reader.LastSequence} has type '{(char)WireHeader.Type(m)}', expected '{(char)type}'");
        return m;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        MarketDataSocket.Dispose();
        OrderSocket.Dispose();
    }
}
