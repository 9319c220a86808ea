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
        var portFile = new Option<string?>("--port-file") { Description = "Write the port listened on to this file once listening (for scripts and tests)." };
        var feeBps = new Option<decimal>("--fee-bps") { Description = "Fee per fill, basis points of notional.", DefaultValueFactory = _ => 1m };
        var minFee = new Option<decimal>("--min-fee") { Description = "Minimum fee per fill.", DefaultValueFactory = _ => 0m };
        var connectTimeout = new Option<double>("--connect-timeout") { Description = "Seconds to wait for a client to log on.", DefaultValueFactory = _ => 30 };
        var linger = new Option<double>("--linger") { Description = "Seconds to keep taking orders after the data ends, until the client logs out.", DefaultValueFactory = _ => 30 };
        var cmd = new Command("venue", """
            Runs an exchange on loopback for one live session: streams market data (any data live reads) over TCP with sequence numbers, send stamps and heartbeats, matches the client's orders against the book the data draws (price-time priority, queue positions), and sends execution reports. Protocols: docs/protocol.md.
            Example: qps venue --data synthetic --days 1 --speed 600x --port 9100, then qps live --venue 127.0.0.1:9100
            """)
        {
            host, port, portFile, feeBps, minFee, connectTimeout, linger,
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
                if (parse.GetValue(portFile) is { } file)
                    QpsFast.Engine.IO.AtomicFile.Write(file, s => s.Write(System.Text.Encoding.ASCII.GetBytes(server.Port.ToString())));
                VenueRunSummary summary;
                try
                {
                    summary = server.Run();
                }
                catch (ProtocolException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.VerificationFailed;
                }
                Console.WriteLine($"  sent     {summary.MarketMessages:N0} market messages, {summary.Reports:N0} execution reports for {summary.Orders:N0} orders");
                Console.WriteLine($"  client   {(summary.LoggedOut ? "logged out" : "went away without logging out")}; positions {string.Join(", ", names.Select((n, i) => $"{n} {FixedPoint.ToDecimal(summary.Positions[i]):0.########}"))}");
                return summary.LoggedOut ? ExitCodes.Ok : ExitCodes.VerificationFailed;
            }
        });
        return cmd;
    }
}
