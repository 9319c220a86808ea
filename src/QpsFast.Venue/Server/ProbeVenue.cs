using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Venue.Matching;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Server;

/// <summary>How the tick-to-trade probe runs (<c>qps venue --probe</c>).</summary>
public sealed record ProbeOptions
{
    /// <summary>Round trips of the raw ping-pong (the floor).</summary>
    public int Pings { get; init; } = 20_000;

    /// <summary>Offered market-data rates (messages per second), one phase each, in order.</summary>
    public int[] Rates { get; init; } = [10_000, 100_000];

    /// <summary>Seconds of each rate.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>Seconds at the first rate before the measured phases (their probes are marked phase 255, not measured).</summary>
    public double WarmUpSeconds { get; init; } = 1;

    /// <summary>
    /// The shortest wall time between two market-data writes (ns): what falls due in between goes out in one write. 0
    /// writes every message when it is due.
    /// </summary>
    public long MinWriteGapNs { get; init; }

    /// <summary>Every how many messages one is a probe the client answers with an order.</summary>
    public int ProbeEvery { get; init; } = 10;
}

/// <summary>
/// The venue measuring tick-to-trade (docs/performance/pipeline.md): on one client session, first a raw ping-pong (a heartbeat
/// the client echoes at once on its order session: the floor), then trades at each offered rate, every
/// <see cref="ProbeOptions.ProbeEvery"/>-th a probe the client's strategy answers with an order. The venue stamps each
/// message at send and each order at receipt, on the machine's one monotonic clock, so it times wire to wire.
/// </summary>
public sealed class ProbeVenue : IDisposable
{
    /// <summary>The data time of the first trade; trade g is at <c>BaseTimeNs + g s</c>.</summary>
    public const long BaseTimeNs = 1_704_067_200_000_000_000; // 2024-01-01T00:00:00Z

    /// <summary>The heartbeat time that marks a ping.</summary>
    public const long PingMark = -1;

    private readonly ProbeOptions _options;
    private readonly Socket _listener;
    private readonly TimeSpan _connectTimeout;

    /// <summary>Listens on <paramref name="host"/>:<paramref name="port"/> (0: any free port).</summary>
    public ProbeVenue(ProbeOptions options, string host, int port, TimeSpan connectTimeout)
    {
        _options = options;
        _connectTimeout = connectTimeout;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Parse(host), port));
        _listener.Listen(4);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>Returns the port.</summary>
    public int Port { get; }

    /// <summary>Returns the total probes over all phases.</summary>
    public int TotalProbes => Probes(_options);

    /// <summary>Returns the probes a run with <paramref name="options"/> sends, warm-up included.</summary>
    public static int Probes(ProbeOptions options) =>
        (int)((options.Rates[0] * options.WarmUpSeconds + options.Rates.Sum(r => r * options.Seconds)) / options.ProbeEvery) + 1;

    /// <summary>The phase number of the warm-up's probes.</summary>
    public const byte WarmUpPhase = 255;

    /// <summary>Serves one client through every phase; returns the samples.</summary>
    /// <exception cref="ProtocolException">No client, or it broke the protocol or went away.</exception>
    public ProbeSamples Run()
    {
        using var client = ClientSessions.Accept(_listener, _connectTimeout, Port);
        client.Welcome(["PROBE"], BaseTimeNs);
        var md = client.MarketDataOut;
        var samples = new ProbeSamples(_options.Pings, TotalProbes);
        for (int i = 0; i < _options.Pings; i++)
        {
            md.Commit(HeartbeatMessage.Write(md.Claim(), md.NextSequence, PingMark));
            md.Flush();
            var echo = client.OrdersIn.Next(block: true);
            long now = WireHeader.NowNs();
            if (echo.IsEmpty || WireHeader.Type(echo) != MessageType.Heartbeat)
                throw new ProtocolException($"order session: ping {i + 1} got no heartbeat echo");
            samples.PingRoundTrips[i] = now - HeartbeatMessage.VenueTimeNs(echo);
        }
        var matching = new MatchingEngine(1, new VenueSettings { FeeBps = 0 });
        long g = 0;
        for (int phase = -1; phase < _options.Rates.Length; phase++)
        {
            int rate = _options.Rates[Math.Max(0, phase)];
            long count = (long)(rate * (phase < 0 ? _options.WarmUpSeconds : _options.Seconds));
            double intervalNs = 1e9 / rate;
            long start = WireHeader.NowNs();
            long i = 0;
            long lastWrite = long.MinValue / 2;
            while (i < count)
            {
                long now = WireHeader.NowNs();
                // A write at most every MinWriteGapNs: what falls due in between goes out together (a feed's packet).
                long wait = Math.Max(start + (long)(i * intervalNs), lastWrite + _options.MinWriteGapNs) - now;
                if (wait > 0)
                {
                    // Far from the next send: sleep in poll() on the order session, which wakes at once when an order
                    // arrives (so its stamp is prompt) and leaves the CPUs to the engine.
                    if (wait > 40_000)
                        client.Orders.Poll((int)((wait - 20_000) / 1000), SelectMode.SelectRead);
                    else if (wait > 15_000)
                        Thread.Yield(); // nearer: let the engine's threads run; at the last 15 µs, spin
                    Poll(client, matching, samples);
                    continue;
                }
                // Every message due by now goes out in one write (as a feed packs a burst), at most 64.
                for (int batch = 0; batch < 64 && i < count && start + (long)(i * intervalNs) <= now; batch++, i++, g++)
                {
                    var trade = new Record
                    {
                        TimeNs = BaseTimeNs + g * 1_000_000_000, Kind = RecordKind.Trade, Source = SourceId.Feed, Symbol = 0,
                        Trade = new TradePayload { Price = (g & 1) == 0 ? 100 * FixedPoint.Scale : 100 * FixedPoint.Scale + FixedPoint.Scale / 100, Size = 1_000 * FixedPoint.Scale, Aggressor = 2 },
                    };
                    long stamp = WireHeader.NowNs();
                    md.Commit(MarketDataCodec.Encode(md.Claim(), in trade, md.NextSequence, stamp));
                    if (g % _options.ProbeEvery == 0)
                    {
                        samples.ProbeSent[g / _options.ProbeEvery] = stamp;
                        samples.ProbePhase[g / _options.ProbeEvery] = phase < 0 ? WarmUpPhase : (byte)phase;
                    }
                    matching.Apply(in trade);
                }
                md.Flush();
                lastWrite = now;
                Send(client, matching);
                Poll(client, matching, samples);
            }
        }
        md.Commit(EndOfSessionMessage.Write(md.Claim(), md.NextSequence, BaseTimeNs + g * 1_000_000_000, g));
        md.Flush();
        var linger = Stopwatch.StartNew();
        while (!client.OrdersIn.Closed && linger.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (Poll(client, matching, samples))
                break;
            Thread.Sleep(1);
        }
        client.Close();
        samples.Messages = g;
        return samples;
    }

    /// <summary>Takes the orders waiting; returns true on a logout.</summary>
    private bool Poll(ClientSessions client, MatchingEngine matching, ProbeSamples samples)
    {
        while (true)
        {
            var m = client.OrdersIn.Next(block: false);
            if (m.IsEmpty)
                return client.OrdersIn.Closed;
            long now = WireHeader.NowNs();
            switch (WireHeader.Type(m))
            {
                case MessageType.NewOrder:
                {
                    long g = (NewOrderMessage.EngineTimeNs(m) - BaseTimeNs) / 1_000_000_000;
                    if (g >= 0 && g % _options.ProbeEvery == 0 && g / _options.ProbeEvery < samples.ProbeAnswered.Length)
                        samples.ProbeAnswered[g / _options.ProbeEvery] = now;
                    matching.Submit(NewOrderMessage.OrderId(m), NewOrderMessage.Symbol(m), NewOrderMessage.Quantity(m), NewOrderMessage.Limit(m));
                    Send(client, matching);
                    break;
                }
                case MessageType.CancelOrder:
                    matching.Cancel(CancelOrderMessage.OrderId(m));
                    Send(client, matching);
                    break;
                case MessageType.Logout:
                    return true;
            }
        }
    }

    private static void Send(ClientSessions client, MatchingEngine matching)
    {
        var reports = matching.TakeReports();
        if (reports.IsEmpty)
            return;
        var o = client.OrdersOut;
        foreach (ref readonly var x in reports)
            o.Commit(ExecutionReportMessage.Write(o.Claim(), o.NextSequence, in x));
        o.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}

/// <summary>What the probe venue measured, on the machine's monotonic clock (ns).</summary>
public sealed class ProbeSamples(int pings, int probes)
{
    /// <summary>Ping-pong round trips.</summary>
    public long[] PingRoundTrips { get; } = new long[pings];

    /// <summary>When each probe was sent (0: not sent).</summary>
    public long[] ProbeSent { get; } = new long[probes];

    /// <summary>When the order a probe caused arrived (0: none did).</summary>
    public long[] ProbeAnswered { get; } = new long[probes];

    /// <summary>The phase (index of the rate) of each probe.</summary>
    public byte[] ProbePhase { get; } = new byte[probes];

    /// <summary>Market-data messages sent.</summary>
    public long Messages { get; set; }

    /// <summary>Writes the samples as CSV: <c>kind,phase,index,sent_ns,answered_ns</c> (pings: <c>ping,,i,,rtt_ns</c>).</summary>
    public void WriteCsv(TextWriter w)
    {
        w.WriteLine("kind,phase,index,sent_ns,answered_ns");
        for (int i = 0; i < PingRoundTrips.Length; i++)
            w.WriteLine($"ping,,{i},,{PingRoundTrips[i]}");
        for (int i = 0; i < ProbeSent.Length; i++)
        {
            if (ProbeSent[i] != 0)
                w.WriteLine($"probe,{ProbePhase[i]},{i},{ProbeSent[i]},{ProbeAnswered[i]}");
        }
    }
}
