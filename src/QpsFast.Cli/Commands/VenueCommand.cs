using System.CommandLine;
using System.Net.Sockets;
using QpsFast.Engine.Values;
using QpsFast.Venue.Matching;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps venue</c>: an exchange on loopback for live sessions (docs/protocol.md).</summary>
internal static class VenueCommand
{
    public static Command Create()
    {
        var market = new MarketDataOption();
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port; 0 picks a free one (see --port-file).", DefaultValueFactory = _ => 0 };
        var portFile = Sessions.OutputFile(new Option<string?>("--port-file") { Description = "Write the port listened on to this file once listening (for scripts and tests)." });
        var feeBps = new Option<decimal>("--fee-bps") { Description = "Fee per fill, basis points of notional.", DefaultValueFactory = _ => 1m };
        var minFee = new Option<decimal>("--min-fee") { Description = "Minimum fee per fill.", DefaultValueFactory = _ => 0m };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds to wait for a client to log on.", DefaultValueFactory = _ => 30 };
        var linger = new Option<double>("--linger") { Description = "Seconds to keep taking orders after the data ends, until the client logs out.", DefaultValueFactory = _ => 30 };
        var reportsOut = Sessions.OutputFile(new Option<string?>("--reports-out") { Description = "Write every execution report the venue sent, in order, as CSV (its drop copy) when the session ends." });
        var probe = new Option<bool>("--probe") { Description = "Tick-to-trade probe instead of data: a raw ping-pong, then trades at --rates, the orders they trigger stamped on arrival (qps bench tick-to-trade runs this)." };
        var rates = new Option<string>("--rates") { Description = "--probe: offered rates, messages per second, comma-separated.", DefaultValueFactory = _ => "10000,100000" };
        var seconds = new Option<double>("--seconds") { Description = "--probe: seconds per rate.", DefaultValueFactory = _ => 5 };
        var every = new Option<int>("--probe-every") { Description = "--probe: one message in N is a probe.", DefaultValueFactory = _ => 10 };
        var pings = new Option<int>("--pings") { Description = "--probe: ping-pong round trips.", DefaultValueFactory = _ => 20_000 };
        var writeGap = new Option<int>("--write-gap-us") { Description = "--probe: at most one market-data write per this many µs (what falls due in between goes out together); 0 writes each message when due.", DefaultValueFactory = _ => 0 };
        var probeOut = Sessions.OutputFile(new Option<string?>("--probe-out") { Description = "--probe: write the samples (CSV) here." });
        var cmd = new Command("venue", """
            Runs an exchange on loopback for one live session: streams market data (any data live reads) over TCP with sequence numbers, send stamps and heartbeats, matches the client's orders against the book the data draws (price-time priority, queue positions), and sends execution reports. Protocols: docs/protocol.md.
            Example: qps venue --data synthetic --days 1 --speed 600x --port 9100, then qps live --venue 127.0.0.1:9100
            """)
        {
            host, port, portFile, feeBps, minFee, connectTimeout, linger, reportsOut, probe, rates, seconds, every, pings, probeOut, writeGap,
        };
        market.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (!market.TryParseSpeed(parse, out double speed))
                return ExitCodes.BadUsage;
            int p = parse.GetValue(port);
            decimal fee = parse.GetValue(feeBps), min = parse.GetValue(minFee);
            double wait = parse.GetValue(connectTimeout), stay = parse.GetValue(linger);
            string? problem =
                p is < 0 or > 65535 ? $"--port must be 0..65535 (got {p})" :
                fee < 0 || fee > 10_000 ? $"--fee-bps must be 0..10000 (got {fee})" :
                min < 0 || !FixedPoint.TryFromDecimal(min, out _) ? $"--min-fee must be a non-negative amount (got {min})" :
                !(wait > 0 && wait <= 3600) ? $"--connect-timeout must be above 0 and at most 3600 s (got {wait})" :
                !(stay >= 0 && stay <= 3600) ? $"--linger must be 0..3600 s (got {stay})" :
                null;
            if (problem is not null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.BadUsage;
            }
            if (parse.GetValue(probe))
                return RunProbe(parse, parse.GetValue(host)!, p, TimeSpan.FromSeconds(wait), parse.GetValue(portFile), rates, seconds, every, pings, probeOut, writeGap);
            if (!market.TryLoad(parse, out var records, out var names, out _))
                return ExitCodes.BadUsage;
            if (names.FirstOrDefault(n => System.Text.Encoding.UTF8.GetByteCount(n) > DirectoryMessage.MaxName) is { } longName)
            {
                Console.Error.WriteLine($"error: symbol '{longName}' is longer than the protocol's {DirectoryMessage.MaxName} bytes");
                return ExitCodes.BadUsage;
            }
            var options = new VenueOptions
            {
                Host = parse.GetValue(host)!,
                Port = p,
                Speed = speed,
                ConnectTimeout = TimeSpan.FromSeconds(wait),
                Linger = TimeSpan.FromSeconds(stay),
                Settings = new VenueSettings { FeeBps = fee, MinFee = min },
            };
            VenueServer server;
            try
            {
                server = new VenueServer(options, names, records);
            }
            catch (Exception e) when (e is SocketException or FormatException)
            {
                Console.Error.WriteLine($"error: cannot listen on {options.Host}:{p}: {e.Message}");
                return ExitCodes.BadUsage;
            }
            using (server)
            {
                Console.WriteLine($"qps venue: listening on {options.Host}:{server.Port}, {records.Length:N0} records, {names.Count} symbols ({string.Join(", ", names)}), speed {(speed == 0 ? "max" : $"{speed}x")}");
                if (!Serve(parse.GetValue(portFile), server.Port, () => server.Run(), out var summary))
                    return ExitCodes.VerificationFailed;
                if (parse.GetValue(reportsOut) is { } dropCopy)
                {
                    QpsFast.Engine.IO.AtomicFile.WriteText(dropCopy, w =>
                    {
                        w.WriteLine("order_id,venue_order_id,symbol,exec_type,reason,quantity,price,fee,leaves,venue_time_ns");
                        foreach (var x in server.Sent)
                            w.WriteLine($"{x.OrderId},{x.VenueOrderId},{x.Symbol},{x.Type},{x.Reason},{FixedPoint.ToDecimal(x.Quantity)},{FixedPoint.ToDecimal(x.Price)},{FixedPoint.ToDecimal(x.Fee)},{FixedPoint.ToDecimal(x.Leaves)},{x.VenueTimeNs}");
                    });
                }
                Console.WriteLine($"  sent     {summary.MarketMessages:N0} market messages, {summary.Reports:N0} execution reports for {summary.Orders:N0} orders");
                Console.WriteLine($"  client   {(summary.LoggedOut ? "logged out" : "went away without logging out")}; positions {string.Join(", ", names.Select((n, i) => $"{n} {FixedPoint.ToDecimal(summary.Positions[i]):0.########}"))}");
                return summary.LoggedOut ? ExitCodes.Ok : ExitCodes.VerificationFailed;
            }
        });
        return cmd;
    }

    private static int RunProbe(ParseResult parse, string host, int port, TimeSpan connectTimeout, string? portFile,
        Option<string> rates, Option<double> seconds, Option<int> every, Option<int> pings, Option<string?> probeOut, Option<int> writeGap)
    {
        if (!BenchTickToTradeCommand.TryRates(parse.GetValue(rates)!, out var list) || parse.GetValue(probeOut) is not { } output)
        {
            Console.Error.WriteLine("error: --probe needs --rates (comma-separated, 1..1000000 per second) and --probe-out FILE");
            return ExitCodes.BadUsage;
        }
        var options = new ProbeOptions { Rates = list, Seconds = parse.GetValue(seconds), ProbeEvery = Math.Max(1, parse.GetValue(every)), Pings = Math.Max(1, parse.GetValue(pings)), MinWriteGapNs = Math.Clamp(parse.GetValue(writeGap), 0, 1_000_000) * 1000L };
        ProbeVenue venue;
        try
        {
            venue = new ProbeVenue(options, host, port, connectTimeout);
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            Console.Error.WriteLine($"error: cannot listen on {host}:{port}: {e.Message}");
            return ExitCodes.BadUsage;
        }
        using var listening = venue;
        if (!Serve(portFile, venue.Port, venue.Run, out var samples))
            return ExitCodes.VerificationFailed;
        QpsFast.Engine.IO.AtomicFile.WriteText(output, samples.WriteCsv);
        Console.WriteLine($"qps venue --probe: {samples.Messages:N0} messages, {samples.PingRoundTrips.Length:N0} pings; samples in {output}");
        return ExitCodes.Ok;
    }

    /// <summary>Writes the port file, then runs the venue; a client that breaks the protocol (or never comes) is one line.</summary>
    private static bool Serve<T>(string? portFile, int port, Func<T> run, out T result)
    {
        if (portFile is not null)
            QpsFast.Engine.IO.AtomicFile.WriteText(portFile, w => w.Write(port));
        try
        {
            result = run();
            return true;
        }
        catch (ProtocolException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            result = default!;
            return false;
        }
    }
}
