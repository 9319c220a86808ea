using QpsFast.Ring;
using System.CommandLine;
using QpsFast.Cli.Bench;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps bench</c>: throughput and latency runs.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Throughput and latency runs with GC and allocation counts.");
        bench.Subcommands.Add(CreateRing());
        bench.Subcommands.Add(CreateRingLatency());
        bench.Subcommands.Add(CreatePipeline());
        bench.Subcommands.Add(CreateJournal());
        bench.Subcommands.Add(CreateEndToEnd());
        bench.Subcommands.Add(BenchTickToTradeCommand.Create());
        bench.Subcommands.Add(Bench.CatalogBench.Create());
        return bench;
    }

    private static Command CreateEndToEnd()
    {
        var (events, symbols, topology, wait) = PipelineOptions("Events in the measured phase (after a warm-up).");
        var outputWait = WaitOption.CreateOutput();
        var pin = new Option<bool>("--pin") { Description = "Pin the engine's stages to the last CPU, and the feed and the output stage to CPU 0 (Linux)." };
        var journal = new Option<string>("--journal") { Description = "on (written to a temp folder on disk) or off.", DefaultValueFactory = _ => "on" };
        journal.AcceptOnlyFromAmong("on", "off");
        var ring = new Option<int>("--ring-size") { Description = "The engine's ring slots (a power of two, 64 to 65,536; each slot holds an input and 64 derived records, about 4 KB), as qps live's default.", DefaultValueFactory = _ => 16_384 };
        ring.Validators.Add(r =>
        {
            int v = r.GetValueOrDefault<int>();
            if (v < 64 || v > 65536 || (v & (v - 1)) != 0)
                r.AddError($"--ring-size must be a power of two from 64 to 65,536 (got {v}).");
        });
        var feed = new Option<string>("--feed") { Description = "inline: the engine runs on the feed's thread (one thread and one hand-off fewer, as qps live does with files); thread: the feed publishes from a thread of its own (the hand-off a socket feed has).", DefaultValueFactory = _ => "inline" };
        feed.AcceptOnlyFromAmong("thread", "inline");
        var rate = new Option<string>("--rate") { Description = "Offered events per second, or max.", DefaultValueFactory = _ => "max" };
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the figures as JSON to this path." });
        var config = ConfigOption.Create();
        var cmd = new Command("e2e", """
            The full pipeline end to end with the journal on disk: events/s, journal MB/s, GC per generation and allocated
            bytes over the measured phase, peak RSS, and publish-to-portfolio latency percentiles (HdrHistogram).
            Example: qps bench e2e --events 10000000 --rate 1000000 --wait spin --output-wait sleep --pin --json e2e.json
            """)
        {
            events, symbols, topology, wait, outputWait, pin, feed, ring, journal, rate, json, config,
        };
        var catalog = BenchData.AddOptions(cmd);
        cmd.SetAction(parse =>
        {
            if (!BenchData.TryLoad(parse, catalog, out var data) || (data is not null && !data.Fits(EndToEndBench.Inputs(parse.GetValue(events)))))
                return ExitCodes.BadUsage;
            string r = parse.GetValue(rate)!;
            double offered = 0;
            if (r != "max" && (!double.TryParse(r, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out offered) || offered <= 0))
            {
                Console.Error.WriteLine($"error: --rate must be max or a positive number of events per second (got '{r}')");
                return ExitCodes.BadUsage;
            }
            if (!ConfigOption.TryLoad(parse, config, out var settings))
                return ExitCodes.BadUsage;
            return EndToEndBench.Run(
                settings,
                parse.GetValue(events),
                parse.GetValue(symbols),
                QpsFast.Engine.Pipeline.TopologyNames.Parse(parse.GetValue(topology)!),
                WaitOption.Parse(parse.GetValue(wait)!),
                WaitOption.ParseOptional(parse.GetValue(outputWait)),
                parse.GetValue(pin),
                parse.GetValue(feed) == "inline",
                parse.GetValue(ring),
                parse.GetValue(journal) == "on",
                offered,
                parse.GetValue(json),
                Console.Out,
                data);
        });
        return cmd;
    }

    /// <summary>The options shared by the verbs that run the whole pipeline over synthetic data.</summary>
    private static (Option<long> Events, Option<int> Symbols, Option<string> Topology, Option<string> Wait) PipelineOptions(string eventsDescription)
    {
        var events = new Option<long>("--events") { Description = eventsDescription, DefaultValueFactory = _ => 10_000_000 };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 10_000)
                r.AddError("--events must be at least 10,000.");
        });
        var symbols = new Option<int>("--symbols") { Description = "Synthetic symbols (not with --catalog).", DefaultValueFactory = _ => 4 };
        symbols.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2 or > 256)
                r.AddError("--symbols must be between 2 and 256.");
        });
        var topology = new Option<string>("--topology") { Description = "fused or staged.", DefaultValueFactory = _ => "fused" };
        topology.AcceptOnlyFromAmong(QpsFast.Engine.Pipeline.TopologyNames.All);
        return (events, symbols, topology, WaitOption.Create());
    }

    private static Command CreateJournal()
    {
        var records = new Option<long>("--records") { Description = "Records written per timed run.", DefaultValueFactory = _ => 10_000_000 };
        records.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 10_000)
                r.AddError("--records must be at least 10,000.");
        });
        var repeats = new Option<int>("--repeats") { Description = "Timed runs (medians are reported).", DefaultValueFactory = _ => 3 };
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the figures as JSON to this path." });
        var config = ConfigOption.Create();
        var cmd = new Command("journal", """
            Journal write records/s and MB/s, compressed size as a fraction of raw, decode GB/s, and full replay-verification speed, on default synthetic data.
            Example: qps bench journal --records 10000000 --json journal.json
            """)
        {
            records, repeats, json, config,
        };
        cmd.SetAction(parse => !ConfigOption.TryLoad(parse, config, out var settings) ? ExitCodes.BadUsage : JournalBench.Run(settings, parse.GetValue(records), Math.Max(1, parse.GetValue(repeats)), parse.GetValue(json), Console.Out));
        return cmd;
    }

    private static Command CreatePipeline()
    {
        var (events, symbols, topology, wait) = PipelineOptions("Events (inputs) per timed run.");
        var repeats = new Option<int>("--repeats") { Description = "Timed runs (the median is reported).", DefaultValueFactory = _ => 5 };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--repeats must be at least 1.");
        });
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the figures as JSON to this path." });
        var config = ConfigOption.Create();
        var strategy = StrategyLoader.Create();
        var strategyConfig = StrategyLoader.CreateConfig();
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the Channels baseline (it runs the built-in stages only)." };
        var cmd = new Command("pipeline", """
            Throughput of the whole pipeline (aggregator, five alphas, user strategies, risk, broker, portfolio), journal off, on synthetic data.
            Example: qps bench pipeline --events 20000000 --json pipeline.json
            """)
        {
            events, symbols, topology, wait, repeats, json, config, strategy, strategyConfig, noBaseline,
        };
        var catalog = BenchData.AddOptions(cmd);
        cmd.SetAction(parse =>
        {
            if (!ConfigOption.TryLoad(parse, config, out var settings) || !BenchData.TryLoad(parse, catalog, out var data)
                || (data is not null && !data.Fits(PipelineBench.Inputs(parse.GetValue(events), parse.GetValue(repeats)))))
                return ExitCodes.BadUsage;
            var names = data?.Names ?? QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(parse.GetValue(symbols));
            if (!StrategyLoader.TryLoad(parse, strategy, strategyConfig, names, out var specs, out var registry))
                return ExitCodes.BadUsage;
            try
            {
                return PipelineBench.Run(
                    settings,
                    parse.GetValue(events),
                    parse.GetValue(symbols),
                    QpsFast.Engine.Pipeline.TopologyNames.Parse(parse.GetValue(topology)!),
                    WaitOption.Parse(parse.GetValue(wait)!),
                    parse.GetValue(repeats),
                    parse.GetValue(json),
                    Console.Out,
                    specs.Count == 0 ? null : (builder, stats) => QpsFast.Engine.Strategies.StrategyHost.Build(builder, specs, registry, names, new QpsFast.Engine.Pipeline.StatsSink(stats)),
                    specs.Select(s => s.Name).ToArray(),
                    !parse.GetValue(noBaseline) && data is null, // the Channels baseline runs the synthetic market only
                    data);
            }
            catch (Exception e) when (e is ArgumentException or QpsFast.Engine.Strategies.StrategyLoadException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
        });
        return cmd;
    }

    private static Command CreateRingLatency()
    {
        var events = new Option<long>("--events") { Description = "Recorded events (after 10% warm-up).", DefaultValueFactory = _ => 2_000_000 };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 1000)
                r.AddError("--events must be at least 1000.");
        });
        var interval = new Option<long>("--interval-ns") { Description = "Pause between events, in ns (the offered rate is 1e9/interval per second).", DefaultValueFactory = _ => 1000 };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() is < 0 or > 1_000_000_000)
                r.AddError("--interval-ns must be between 0 and 1e9.");
        });
        var pin = new Option<bool>("--pin") { Description = "Pin the producer to CPU 0 and the consumer to CPU 1." };
        var latencyRing = new Option<int>("--ring-size") { Description = "Ring slots (a power of two, 64 to 1,048,576; Disruptor-net's latency test uses 1,024).", DefaultValueFactory = _ => 65536 };
        latencyRing.Validators.Add(r =>
        {
            int v = r.GetValueOrDefault<int>();
            if (v < 64 || v > 1 << 20 || (v & (v - 1)) != 0)
                r.AddError($"--ring-size must be a power of two from 64 to 1,048,576 (got {v}).");
        });
        var pace = new Option<string>("--pace") { Description = "How the producer waits for each send time: spin on the clock, or yield the CPU between clock reads (Disruptor-net's OneWaySequencedLatencyTest; the stamp is then taken before the claim, as there).", DefaultValueFactory = _ => "spin" };
        pace.AcceptOnlyFromAmong("spin", "yield");
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the percentiles as JSON to this path." });
        var cmd = new Command("ring-latency", """
            One-way latency through a busy-spin 1P1C ring, HdrHistogram percentiles in ns.
            Example: qps bench ring-latency --events 2000000 --interval-ns 1000 --pin
            """)
        {
            events, interval, pin, latencyRing, pace, json,
        };
        cmd.SetAction(parse => RingLatencyBench.Run(parse.GetValue(events), parse.GetValue(interval), parse.GetValue(pin), parse.GetValue(latencyRing),
            parse.GetValue(pace) == "yield" ? QpsFast.Perf.Ring.ProducerPace.Yield : QpsFast.Perf.Ring.ProducerPace.Spin, parse.GetValue(json), Console.Out));
        return cmd;
    }

    private static Command CreateRing()
    {
        var topology = new Option<string>("--topology") { Description = "1p1c, pipeline (1P3C chain) or 3p1c.", DefaultValueFactory = _ => "1p1c" };
        topology.AcceptOnlyFromAmong("1p1c", "pipeline", "3p1c");
        var events = new Option<long>("--events") { Description = "Events per timed run.", DefaultValueFactory = _ => 20_000_000 };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 1000)
                r.AddError("--events must be at least 1000.");
        });
        var wait = new Option<string>("--wait") { Description = "Consumer wait strategy: spin, yield, block, sleep, or auto (spin when threads fit the cores).", DefaultValueFactory = _ => "auto" };
        wait.AcceptOnlyFromAmong("spin", "yield", "block", "sleep", "auto");
        var pin = new Option<bool>("--pin") { Description = "Pin producer and consumer threads to distinct CPUs (round-robin) where the OS allows." };
        var repeats = new Option<int>("--repeats") { Description = "Interleaved repeats of ring and baseline (at least 5).", DefaultValueFactory = _ => 5 };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 5)
                r.AddError("--repeats must be at least 5.");
        });
        var ringSize = new Option<int>("--ring-size") { Description = "Ring slots (a power of two); also the channel capacity.", DefaultValueFactory = _ => 65536 };
        ringSize.Validators.Add(r =>
        {
            int v = r.GetValueOrDefault<int>();
            if (v < 64 || (v & (v - 1)) != 0)
                r.AddError($"--ring-size must be a power of two of at least 64 (got {v}).");
        });
        var batch = new Option<int>("--batch") { Description = "Slots a producer claims and publishes at once (1 = one by one).", DefaultValueFactory = _ => 16 };
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 4096)
                r.AddError("--batch must be between 1 and 4096.");
        });
        var json = Sessions.OutputFile(new Option<string?>("--json") { Description = "Write the figures as JSON to this path." });
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the Channels baseline (for side-by-side runs against another ring)." };

        var cmd = new Command("ring", """
            Ring throughput against a System.Threading.Channels baseline, in the same process.
            Example: qps bench ring --topology 1p1c --wait spin --pin --json ring.json
            """)
        {
            topology, events, wait, pin, repeats, ringSize, batch, json, noBaseline,
        };
        cmd.SetAction(parse =>
        {
            var t = RingBenchOptions.ParseTopology(parse.GetValue(topology)!);
            var options = new RingBenchOptions(
                t,
                parse.GetValue(events),
                RingBenchOptions.ParseWait(parse.GetValue(wait)!, t),
                parse.GetValue(pin),
                parse.GetValue(repeats),
                parse.GetValue(ringSize),
                Math.Min(parse.GetValue(batch), parse.GetValue(ringSize)),
                parse.GetValue(json),
                !parse.GetValue(noBaseline));
            if (options.Batch > options.RingSize)
            {
                Console.Error.WriteLine("error: --batch must not exceed --ring-size.");
                return ExitCodes.BadUsage;
            }
            Console.WriteLine(options.Baseline ? $"qps bench ring: ring vs channels, {options.Repeats} interleaved repeats after warm-up" : $"qps bench ring: the ring alone, {options.Repeats} repeats after warm-up");
            var result = RingBenchRunner.Run(options, Console.Out);
            RingBenchReport.Print(result, Console.Out);
            if (options.JsonPath is { } path)
            {
                RingBenchReport.WriteJson(result, path);
                Console.WriteLine($"  json      {Path.GetFullPath(path)}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
