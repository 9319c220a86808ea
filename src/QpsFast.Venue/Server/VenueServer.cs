using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QpsFast.Engine.Records;
using QpsFast.Venue.Matching;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Server;

/// <summary>
/// <c>qps venue</c>: an exchange on loopback (docs/protocol.md). One client logs on with two TCP sessions, market
/// data and orders; the venue streams its data at the chosen speed with sequence numbers, send stamps and heartbeats,
/// matches the client's orders against the book the data draws (<see cref="MatchingEngine"/>), and sends execution
/// reports. One thread does everything, so the venue's own state never races; a client that reads slowly makes the
/// venue's sends block, which pauses the data (the back-pressure policy).
/// </summary>
public sealed class VenueServer : IDisposable
{
    private readonly VenueOptions _options;
    private readonly IReadOnlyList<string> _symbols;
    private readonly Record[] _data;
    private readonly Socket _listener;
    private readonly MatchingEngine _matching;
    private ClientSessions? _client;

    /// <summary>Listens on the options' address; <see cref="Port"/> is known when this returns.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public VenueServer(VenueOptions options, IReadOnlyList<string> symbols, Record[] data)
    {
        _options = options;
        _symbols = symbols;
        _data = data;
        _matching = new MatchingEngine(symbols.Count, options.Settings);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Parse(options.Host), options.Port));
        _listener.Listen(4);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>Returns the port the venue listens on.</summary>
    public int Port { get; }

    /// <summary>Returns the matching engine (its positions are the venue's record of the client's).</summary>
    public MatchingEngine Matching => _matching;

    /// <summary>Returns every execution report sent, in order (tests, reconciliation).</summary>
    public List<ExecutionReport> Sent { get; } = [];

    /// <summary>Returns the orders received.</summary>
    public long OrdersReceived { get; private set; }

    /// <summary>
    /// Serves one client: waits for its two sessions, streams the data, matches, and returns when the client has
    /// logged out (or gone away, or the linger after the data has passed).
    /// </summary>
    /// <exception cref="ProtocolException">No client in time, or a client that breaks the protocol.</exception>
    public VenueRunSummary Run(CancellationToken cancel = default)
    {
        _client = ClientSessions.Accept(_listener, _options.ConnectTimeout, Port);
        var md = _client.MarketDataOut;
        var orderOut = _client.OrdersOut;
        var orderIn = _client.OrdersIn;
        long first = _data.Length > 0 ? _data[0].TimeNs : 0;
        _client.Welcome(_symbols, first);
        var wall = Stopwatch.StartNew();
        long nextBeat = _options.HeartbeatInterval.Ticks;
        bool loggedOut = false;
        long sent = 0;
        for (int i = 0; i < _data.Length && !md.Broken && !loggedOut && !cancel.IsCancellationRequested; i++)
        {
            ref readonly var r = ref _data[i];
            if (_options.Speed > 0)
            {
                long due = (long)((r.TimeNs - first) / _options.Speed / 100.0); // ns of data → wall ticks of 100 ns
                while (wall.Elapsed.Ticks < due && !loggedOut)
                {
                    md.Flush();
                    loggedOut = PollOrders(orderIn, orderOut);
                    Beat(md, wall, ref nextBeat);
                    long left = due - wall.Elapsed.Ticks;
                    if (left > 20_000)
                        Thread.Sleep(1);
                    else if (left > 0)
                        Thread.Yield();
                }
            }
            md.Commit(MarketDataCodec.Encode(md.Claim(), in r, md.NextSequence, WireHeader.NowNs()));
            sent++;
            _matching.Apply(in r);
            SendReports(orderOut, md);
            if (_options.Speed > 0 || md.Buffered > 32_768)
                md.Flush();
            if ((i & 63) == 0)
            {
                loggedOut |= PollOrders(orderIn, orderOut);
                Beat(md, wall, ref nextBeat);
            }
        }
        _matching.Close();
        SendReports(orderOut);
        EndOfSessionMessage.Write(md.Claim(), md.NextSequence, _matching.TimeNs, sent);
        md.Commit(EndOfSessionMessage.Size);
        md.Flush();
        // After the data: keep taking orders (a client flattening at the end) until it logs out or goes away.
        var lingerEnd = wall.Elapsed + _options.Linger;
        while (!loggedOut && !orderIn.Closed && wall.Elapsed < lingerEnd && !cancel.IsCancellationRequested)
        {
            loggedOut = PollOrders(orderIn, orderOut);
            Beat(md, wall, ref nextBeat);
            Thread.Sleep(1);
        }
        _matching.CancelAll();
        SendReports(orderOut);
        _client.Close();
        return new VenueRunSummary(sent, OrdersReceived, Sent.Count, loggedOut, [.. Enumerable.Range(0, _symbols.Count).Select(_matching.Position)]);
    }

    private void Beat(FrameWriter md, Stopwatch wall, ref long nextBeat)
    {
        if (wall.Elapsed.Ticks < nextBeat)
            return;
        nextBeat = wall.Elapsed.Ticks + _options.HeartbeatInterval.Ticks;
        HeartbeatMessage.Write(md.Claim(), md.NextSequence, _matching.TimeNs);
        md.Commit(HeartbeatMessage.Size);
        md.Flush();
    }

    /// <summary>Handles every order message the socket already holds; returns true when the client logged out.</summary>
    private bool PollOrders(FrameReader orderIn, FrameWriter orderOut)
    {
        while (true)
        {
            var m = orderIn.Next(block: false);
            if (m.IsEmpty)
                return orderIn.Closed;
            switch (WireHeader.Type(m))
            {
                case MessageType.NewOrder:
                    OrdersReceived++;
                    _matching.Submit(NewOrderMessage.OrderId(m), NewOrderMessage.Symbol(m), NewOrderMessage.Quantity(m), NewOrderMessage.Limit(m));
                    break;
                case MessageType.CancelOrder:
                    _matching.Cancel(CancelOrderMessage.OrderId(m));
                    break;
                case MessageType.Heartbeat:
                    break;
                case MessageType.Logout:
                    SendReports(orderOut);
                    return true;
                default:
                    throw new ProtocolException($"order session: message {orderIn.LastSequence} has type '{(char)WireHeader.Type(m)}', which a client does not send");
            }
            SendReports(orderOut);
        }
    }

    /// <summary>Sends the matching engine's reports; the market data that caused them goes out first.</summary>
    private void SendReports(FrameWriter orderOut, FrameWriter? md = null)
    {
        var reports = _matching.TakeReports();
        if (reports.IsEmpty)
            return;
        md?.Flush();
        foreach (ref readonly var x in reports)
        {
            ExecutionReportMessage.Write(orderOut.Claim(), orderOut.NextSequence, in x);
            orderOut.Commit(ExecutionReportMessage.Size);
            Sent.Add(x);
        }
        orderOut.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client?.Dispose();
        _listener.Dispose();
    }
}

/// <summary>What a venue run did.</summary>
/// <param name="MarketMessages">Market-data messages sent.</param>
/// <param name="Orders">Orders received.</param>
/// <param name="Reports">Execution reports sent.</param>
/// <param name="LoggedOut">Whether the client logged out (rather than going away or timing out).</param>
/// <param name="Positions">The venue's record of the client's position per symbol (raw).</param>
public sealed record VenueRunSummary(long MarketMessages, long Orders, long Reports, bool LoggedOut, long[] Positions);
