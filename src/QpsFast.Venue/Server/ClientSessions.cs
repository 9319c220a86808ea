using System.Diagnostics;
using System.Net.Sockets;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Server;

/// <summary>A client's two logged-on sessions at the venue (docs/protocol.md), with their readers and writers.</summary>
internal sealed class ClientSessions : IDisposable
{
    private ClientSessions(Socket md, Socket orders, FrameReader ordersIn, long resumeMarket, long resumeReports)
    {
        ResumeMarket = resumeMarket;
        ResumeReports = resumeReports;
        MarketData = md;
        Orders = orders;
        OrdersIn = ordersIn;
        MarketDataOut = new FrameWriter(md);
        OrdersOut = new FrameWriter(orders);
    }

    public Socket MarketData { get; }

    /// <summary>Market records the client already has (its market-data logon).</summary>
    public long ResumeMarket { get; }

    /// <summary>Execution reports the client already has (its order logon).</summary>
    public long ResumeReports { get; }

    /// <summary>Returns whether the client is gone (a connection closed or broke).</summary>
    public bool Lost => MarketDataOut.Broken || OrdersOut.Broken || OrdersIn.Closed;

    public Socket Orders { get; }

    public FrameReader OrdersIn { get; }

    public FrameWriter MarketDataOut { get; }

    public FrameWriter OrdersOut { get; }

    /// <summary>Waits for one client's market-data and order sessions to log on; connections that are not one are dropped.</summary>
    /// <exception cref="ProtocolException">No client within <paramref name="timeout"/>.</exception>
    public static ClientSessions Accept(Socket listener, TimeSpan timeout, int port)
    {
        var clock = Stopwatch.StartNew();
        Socket? md = null, orders = null;
        FrameReader? ordersIn = null;
        long resumeMarket = 0, resumeReports = 0;
        while (md is null || orders is null)
        {
            if (!listener.Poll((int)Math.Max(1, (timeout - clock.Elapsed).TotalMicroseconds), SelectMode.SelectRead))
            {
                md?.Dispose();
                orders?.Dispose();
                throw new ProtocolException($"no client logged on within {timeout.TotalSeconds:0} s (port {port})");
            }
            var socket = listener.Accept();
            socket.NoDelay = true;
            socket.ReceiveTimeout = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
            var reader = new FrameReader(socket, "order");
            ReadOnlySpan<byte> m;
            try
            {
                m = reader.Next(block: true);
            }
            catch (ProtocolException)
            {
                m = default; // garbage instead of a logon: not a client of ours
            }
            socket.ReceiveTimeout = 0;
            var kind = !m.IsEmpty && WireHeader.Type(m) == MessageType.Logon ? LogonMessage.Session(m) : 0;
            if (kind == SessionKind.MarketData && md is null)
            {
                md = socket;
                resumeMarket = LogonMessage.ResumeMarket(m);
            }
            else if (kind == SessionKind.Orders && orders is null)
            {
                orders = socket;
                resumeReports = LogonMessage.ResumeReports(m);
                ordersIn = reader; // it may already hold the first orders
            }
            else
            {
                socket.Dispose();
            }
        }
        return new ClientSessions(md, orders, ordersIn!, resumeMarket, resumeReports);
    }

    /// <summary>Sends the welcome and the symbol directory on the market-data session.</summary>
    public void Welcome(IReadOnlyList<string> symbols, long firstTimeNs)
    {
        var md = MarketDataOut;
        md.Commit(WelcomeMessage.Write(md.Claim(), md.NextSequence, symbols.Count, firstTimeNs, firstTimeNs));
        for (int s = 0; s < symbols.Count; s++)
            md.Commit(DirectoryMessage.Write(md.Claim(), md.NextSequence, s, symbols[s]));
        md.Flush();
    }

    /// <summary>Closes both sessions: the client sees the venue is done with it.</summary>
    public void Close()
    {
        MarketDataOut.Flush();
        OrdersOut.Flush();
        foreach (var s in new[] { MarketData, Orders })
        {
            try
            {
                s.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // already gone
            }
        }
    }

    public void Dispose()
    {
        MarketData.Dispose();
        Orders.Dispose();
    }
}
