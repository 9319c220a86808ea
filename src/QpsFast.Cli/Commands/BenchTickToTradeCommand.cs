using System.CommandLine;
using System.Globalization;
using QpsFast.Cli.Bench;
using QpsFast.Venue.Wire;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps bench tick-to-trade</c> (<see cref="TickToTradeBench"/>).</summary>
internal static class BenchTickToTradeCommand
{
    public static Command Create()
    {
        var rates = new Option<string>("--rates") { Description = "Offered market-data rates, messages per second, comma-separated.", DefaultValueFactory = _ => "10000,100000" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per rate.", DefaultValueFactory = _ => 5 };
        var every = new Option<int>("--probe-every") { Description = "One message in N is a probe the engine answers with an order.", DefaultValueFactory = _ => 10 };
        var pings = new Option<int>("--pings") { Description = "Round trips of the raw TCP ping-pong floor.", DefaultValueFactory = _ => 20_000 };
        var wait = WaitOption.Create();
        wait.Description = "Wait strategy of the engine's stages: spin, yield, block or sleep. Default block: on 2 CPUs shared with the venue, a sleeping engine thread leaves the feed thread its CPU (docs/performance/pipeline.md compares them).";
        wait.DefaultValueFactory = _ => "block";
        var feed = new Option<string>("--feed") { Description = "inline: the engine runs on the thread that publishes each input (the feed handler, the report reader), no hand-off; thread: the engine stage on a thread of its own behind the feed handler.", DefaultValueFactory = _ => "inline" };
        feed.AcceptOnlyFromAmong("thread", "inline");
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the percentiles and hop medians as JSON to this path." });
        var writeGap = new Option<int>("--write-gap-us") { Description = "The venue writes market data at most every N µs; what falls due in between goes out in one write, as a feed packs a packet (0: each message when due).", DefaultValueFactory = _ => 0 };
        var samples = Sessions.OutputFile(new Option<string?>("--samples") { Description = "Keep the venue's raw samples (CSV: kind,phase,index,sent_ns,answered_ns) at this path." });
        var cmd = new Command("tick-to-trade", """
            Wire-to-wire latency against a venue in a child process on 127.0.0.1: the venue stamps each market message at send and the order it triggered at receipt; a raw TCP ping-pong over the same connections is the floor; in-process stamps split the time per hop.
            Example: qps bench tick-to-trade --rates 10000,100000 --seconds 5 --json t2t.json
            """)
        {
            rates, seconds, every, pings, wait, feed, json, samples, writeGap,
        };
        cmd.SetAction(parse =>
        {
            if (!TryRates(parse.GetValue(rates)!, out var list))
            {
                Console.Error.WriteLine($"error: --rates must be comma-separated rates from 1 to 1,000,000 per second (got '{parse.GetValue(rates)}')");
                return ExitCodes.BadUsage;
            }
            double s = parse.GetValue(seconds);
            int k = parse.GetValue(every), n = parse.GetValue(pings);
            string? problem = !(s > 0 && s <= 600) ? $"--seconds must be above 0 and at most 600 (got {s})" :
                k is < 1 or > 1_000_000 ? $"--probe-every must be 1..1000000 (got {k})" :
                n is < 1 or > 10_000_000 ? $"--pings must be 1..10000000 (got {n})" :
                parse.GetValue(writeGap) is < 0 or > 1_000_000 ? $"--write-gap-us must be 0..1000000 (got {parse.GetValue(writeGap)})" : null;
            if (problem is not null)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.BadUsage;
            }
            try
            {
                return TickToTradeBench.Run(new TickToTradeBench.Options(list, s, k, n, WaitOption.Parse(parse.GetValue(wait)!), parse.GetValue(json), parse.GetValue(samples), parse.GetValue(writeGap), parse.GetValue(feed) == "inline"), Console.Out);
            }
            catch (ProtocolException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
        });
        return cmd;
    }

    /// <summary>Parses comma-separated rates.</summary>
    public static bool TryRates(string text, out int[] rates)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        rates = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out rates[i]) || rates[i] is < 1 or > 1_000_000)
                return false;
        }
        return parts.Length > 0;
    }
}
