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
    /// logged out (or gone and not come back within the connect timeout, or the linger after the data has passed). A
    /// client that goes away may log on again with what it already has: the venue resends the rest of its market data
    /// and execution reports, reconciles (open orders, positions), and goes on.
    /// </summary>
    /// <exception cref="ProtocolException">No client in time, or a client that breaks the protocol.</exception>
    public VenueRunSummary Run(CancellationToken cancel = default)
    {
        long first = _data.Length > 0 ? _data[0].TimeNs : 0;
        int i = 0;
        Connect(ref i, ended: false);
        var wall = Stopwatch.StartNew(); // the data's clock starts when the client is there
        long nextBeat = _options.HeartbeatInterval.Ticks;
        long pausedTicks = 0;
        bool loggedOut = false;
        while (i < _data.Length && !loggedOut && !cancel.IsCancellationRequested)
        {
            if (_client!.Lost)
            {
                long lost = wall.Elapsed.Ticks;
                if (!Reconnect(ref i, ended: false))
                    break;
                pausedTicks += wall.Elapsed.Ticks - lost;
                continue;
            }
            var md = _client.MarketDataOut;
            ref readonly var r = ref _data[i];
            if (_options.Speed > 0)
            {
                long due = pausedTicks + (long)((r.TimeNs - first) / _options.Speed / 100.0); // ns of data → wall ticks of 100 ns
                if (wall.Elapsed.Ticks < due)
                {
                    md.Flush();
                    loggedOut = PollOrders();
                    Beat(wall, ref nextBeat);
                    long left = due - wall.Elapsed.Ticks;
                    if (left > 20_000)
                        Thread.Sleep(1);
                    else if (left > 0)
                        Thread.Yield();
                    continue;
                }
            }
            if (i == _options.FaultGapAt && i > 0)
                md.SkipSequence(); // a forced gap, once (tests)
            md.Commit(MarketDataCodec.Encode(md.Claim(), in r, md.NextSequence, WireHeader.NowNs()));
            _matching.Apply(in r);
            i++;
            SendReports(md);
            if (_options.Speed > 0 || md.Buffered > 32_768)
                md.Flush();
            if (i == _options.FaultDropAt)
                _client.Close(); // a dropped connection, once (tests)
            if ((i & 63) == 0)
            {
                loggedOut |= PollOrders();
                Beat(wall, ref nextBeat);
            }
        }
        _matching.Close();
        SendReports();
        EndOfSession();
        // After the data: keep taking orders (a client flattening at the end) until it logs out; one that goes away may
        // come back (it gets the end of the data again).
        var lingerEnd = wall.Elapsed + _options.Linger;
        long ordersAtEnd = OrdersReceived;
        bool dropped = false;
        while (!loggedOut && wall.Elapsed < lingerEnd && !cancel.IsCancellationRequested)
        {
            if (_client is null || (_client.Lost && !Reconnect(ref i, ended: true)))
                break;
            loggedOut = PollOrders();
            if (_options.FaultDropAfterEnd && !dropped && OrdersReceived > ordersAtEnd)
            {
                dropped = true;
                _client.Close(); // a link lost while the client ends (tests)
            }
            Beat(wall, ref nextBeat);
            Thread.Sleep(1);
        }
        _matching.CancelAll();
        SendReports();
        _client?.Close();
        long blocked = _mdSendTicks + (_client?.MarketDataOut.SendTicks ?? 0);
        return new VenueRunSummary(i, OrdersReceived, Sent.Count, loggedOut, [.. Enumerable.Range(0, _symbols.Count).Select(_matching.Position)], Reconnects)
        {
            MarketDataSendTime = TimeSpan.FromSeconds((double)blocked / Stopwatch.Frequency),
        };
    }

    /// <summary>Returns how many times a client logged on again after going away.</summary>
    public int Reconnects { get; private set; }

    private long _mdSendTicks;

    private bool Reconnect(ref int next, bool ended)
    {
        _mdSendTicks += _client?.MarketDataOut.SendTicks ?? 0;
        _client?.Dispose();
        _client = null;
        try
        {
            Connect(ref next, ended);
        }
        catch (ProtocolException)
        {
            return false; // gone for good: the session ends
        }
        Reconnects++;
        return true;
    }

    /// <summary>
    /// Takes a client's logon; a returning one gets the execution reports it lacks, the reconciliation, and the market
    /// data from where its journal ends (records the venue has not reached yet are applied silently first: a venue that
    /// restarted catches up with its own data).
    /// </summary>
    private void Connect(ref int next, bool ended)
    {
        _client = ClientSessions.Accept(_listener, _options.ConnectTimeout, Port);
        long first = _data.Length > 0 ? _data[0].TimeNs : 0;
        _client.Welcome(_symbols, first);
        long market = Math.Clamp(_client.ResumeMarket, 0, _data.Length);
        long reports = _client.ResumeReports;
        if (market == 0 && reports == 0 && next == 0)
            return; // a new session
        for (; next < market; next++)
            _matching.Apply(in _data[next]);
        var o = _client.OrdersOut;
        for (int k = (int)Math.Clamp(reports, 0, Sent.Count); k < Sent.Count; k++)
            o.Commit(ExecutionReportMessage.Write(o.Claim(), o.NextSequence, Sent[k]));
        // The reconciliation describes this moment only: it is never resent (a later reconnect gets its own).
        _matching.Reconcile();
        SendReports(reconciliation: true);
        var md = _client.MarketDataOut;
        for (long k = market; k < next; k++)
            md.Commit(MarketDataCodec.Encode(md.Claim(), in _data[k], md.NextSequence, WireHeader.NowNs()));
        if (ended)
            EndOfSession();
        md.Flush();
    }

    private void EndOfSession()
    {
        if (_client is null)
            return; // the client went away for good
        var md = _client.MarketDataOut;
        md.Commit(EndOfSessionMessage.Write(md.Claim(), md.NextSequence, _matching.TimeNs, _data.Length));
        md.Flush();
    }

    private void Beat(Stopwatch wall, ref long nextBeat)
    {
        var md = _client!.MarketDataOut;
        if (wall.Elapsed.Ticks < nextBeat)
            return;
        nextBeat = wall.Elapsed.Ticks + _options.HeartbeatInterval.Ticks;
        HeartbeatMessage.Write(md.Claim(), md.NextSequence, _matching.TimeNs);
        md.Commit(HeartbeatMessage.Size);
        md.Flush();
    }

    /// <summary>Handles every order message the socket already holds; returns true when the client logged out.</summary>
    private bool PollOrders()
    {
        var orderIn = _client!.OrdersIn;
        while (true)
        {
            var m = orderIn.Next(block: false);
            if (m.IsEmpty)
                return false; // a closed session is not a logout: the client may come back (Lost)
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
                    SendReports();
                    return true;
                default:
                    throw new ProtocolException($"order session: message {orderIn.LastSequence} has type '{(char)WireHeader.Type(m)}', which a client does not send");
            }
            SendReports();
        }
    }

    /// <summary>
    /// Sends the matching engine's reports; the market data that caused them goes out first. Every report but a
    /// reconciliation's goes into <see cref="Sent"/> (what a returning client may lack), even with no client connected.
    /// </summary>
    private void SendReports(FrameWriter? md = null, bool reconciliation = false)
    {
        var reports = _matching.TakeReports();
        if (!reconciliation)
            Sent.AddRange(reports);
        if (reports.IsEmpty || _client is null)
            return;
        md?.Flush();
        var orderOut = _client.OrdersOut;
        foreach (ref readonly var x in reports)
        {
            ExecutionReportMessage.Write(orderOut.Claim(), orderOut.NextSequence, in x);
            orderOut.Commit(ExecutionReportMessage.Size);
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
/// <param name="Reconnects">Times the client logged on again after going away.</param>
public sealed record VenueRunSummary(long MarketMessages, long Orders, long Reports, bool LoggedOut, long[] Positions, int Reconnects = 0)
{
    /// <summary>Returns the time the venue spent in market-data sends: a slow client holds it back there (TCP flow control), it never buffers more.</summary>
    public TimeSpan MarketDataSendTime { get; init; }
}
