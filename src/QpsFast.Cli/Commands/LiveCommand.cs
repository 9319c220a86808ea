using System.CommandLine;
using QpsFast.Cli.Live;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using Microsoft.Extensions.Logging;
using QpsFast.Ring;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps live</c>: the live sandbox.</summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "Session id: the journal goes to logs/<session>/journal (default: live-<UTC date and time>)." });
        var noJournal = new Option<bool>("--no-journal") { Description = "Run without writing a journal." };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var topology = new Option<string>("--topology") { Description = "fused or staged.", DefaultValueFactory = _ => "fused" };
        topology.AcceptOnlyFromAmong(TopologyNames.All);
        var wait = WaitOption.Create();
        var outputWait = WaitOption.CreateOutput();
        var ringSize = new Option<int>("--ring-size") { Description = "The engine's ring slots (a power of two; each slot holds an input and 64 derived records, about 4 KB: 16,384 slots are 69 MB). More slots let the engine run on while the journal thread waits on the disk.", DefaultValueFactory = _ => 16_384 };
        var market = new MarketDataOption();
        var venue = new Option<string?>("--venue") { Description = "HOST:PORT of a venue (qps venue): its market data, orders to it, its execution reports as journaled inputs. Replaces --data and --speed." };
        var resume = new Option<string?>("--resume") { Description = "Resume a --venue session a crash cut short: repair its journal, rebuild the engine from it, reconnect (the venue resends what the journal lacks and reconciles), and go on in the same journal. Needs --venue." };
        var timer = new Option<int>("--timer-ms") { Description = "With --venue: a wall-clock timer, a heartbeat input (journaled, so it replays) every N ms of wall time; 0 none.", DefaultValueFactory = _ => 0 };
        var flush = new Option<int>("--flush-ms") { Description = "The longest a journaled record waits in memory for its 1,024-record frame (kill -9 loses at most this much): a partial frame is written after N ms of wall time. 0: whole frames only (the files are then a pure function of the record stream, byte-identical across runs).", DefaultValueFactory = _ => 100 };
        var progress = new Option<bool>("--progress") { Description = "Print 'progress N' (market records published so far) at most every 50 ms while the session runs." };
        var feed = new Option<string>("--feed") { Description = "inline: the engine runs on the thread that publishes each input (the feed; against a --venue the feed handler or the report reader, with the journal and the order's send too): no hand-off; thread: the engine on a thread of its own behind the feed.", DefaultValueFactory = _ => "inline" };
        feed.AcceptOnlyFromAmong("inline", "thread");
        var config = ConfigOption.Create();
        var strategy = StrategyLoader.Create();
        var strategyConfig = StrategyLoader.CreateConfig();
        var cmd = new Command("live", """
            Runs the live sandbox: market data through the alphas, risk, paper broker and portfolio; prints what each alpha did and the stream digest.
            Example: qps live --session demo --data synthetic --topology fused --wait yield
            User strategies: qps live --data bars.csv --strategy MyAlphas/bin/Release/net10.0/MyAlphas.dll --strategy-config params.json
            """)
        {
            session, topology, wait, outputWait, ringSize, feed, config, strategy, strategyConfig, noJournal, logs, venue, resume, timer, flush, progress,
        };
        market.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (!ConfigOption.TryLoad(parse, config, out var settings))
                return ExitCodes.BadUsage;
            string? venueAddress = parse.GetValue(venue);
            if (venueAddress is not null && market.AnyGiven(parse))
            {
                Console.Error.WriteLine("error: --venue brings its own market data and pace: drop --data, --days, --symbols, --seed and --speed");
                return ExitCodes.BadUsage;
            }
            if (!market.TryParseSpeed(parse, out double pace))
                return ExitCodes.BadUsage;
            int timerMs = parse.GetValue(timer);
            if (timerMs is < 0 or > 3_600_000 || (timerMs > 0 && venueAddress is null))
            {
                Console.Error.WriteLine($"error: --timer-ms must be 0..3600000 and needs --venue (got {timerMs})");
                return ExitCodes.BadUsage;
            }
            int flushMs = parse.GetValue(flush);
            if (flushMs is < 0 or > 60_000)
            {
                Console.Error.WriteLine($"error: --flush-ms must be 0..60000 (got {flushMs})");
                return ExitCodes.BadUsage;
            }
            if (parse.GetResult(flush) is { Implicit: false } && (venueAddress is not null || parse.GetValue(noJournal)))
            {
                Console.Error.WriteLine($"error: --flush-ms applies to a journaled file-fed session: {(venueAddress is not null ? "--venue sessions write a frame at every batch" : "--no-journal writes no journal")}");
                return ExitCodes.BadUsage;
            }
            var venueOptions = new QpsFast.Venue.Client.LiveVenueOptions { Timer = timerMs > 0 ? TimeSpan.FromMilliseconds(timerMs) : null };
            if (parse.GetValue(resume) is { } resumed)
            {
                if (venueAddress is null || parse.GetResult(session) is { Implicit: false } || parse.GetResult(config) is { Implicit: false } || parse.GetValue(noJournal))
                {
                    Console.Error.WriteLine("error: --resume SESSION takes --venue HOST:PORT, and no --session, --config or --no-journal (the session's journal has them)");
                    return ExitCodes.BadUsage;
                }
                return LiveVenueCommand.Resume(parse, venueAddress, resumed, strategy, parse.GetValue(logs)!, WaitOption.Parse(parse.GetValue(wait)!), parse.GetValue(ringSize), venueOptions);
            }
            int ring = parse.GetValue(ringSize);
            if (ring < 2 || (ring & (ring - 1)) != 0)
            {
                Console.Error.WriteLine($"error: --ring-size must be a power of two (got {ring})");
                return ExitCodes.BadUsage;
            }
            if (ring > 1 << 20)
            {
                Console.Error.WriteLine($"error: --ring-size {ring} is above 1,048,576 slots (each slot holds an input and 64 derived records, about 4.2 KB: {ring / (double)(1 << 20) * 4.2:F0} GB)");
                return ExitCodes.BadUsage;
            }
            if (Sessions.LogsProblem(parse.GetValue(logs)!) is { } logsProblem)
            {
                Console.Error.WriteLine($"error: {logsProblem}");
                return ExitCodes.BadUsage;
            }
            var topo = TopologyNames.Parse(parse.GetValue(topology)!);
            var waitKind = WaitOption.Parse(parse.GetValue(wait)!);
            var outputWaitKind = WaitOption.ParseOptional(parse.GetValue(outputWait));
            string sessionId = parse.GetValue(session) ?? Sessions.NewId(parse.GetValue(logs)!, "live");
            if (!Sessions.IsValidId(sessionId))
            {
                Console.Error.WriteLine($"error: --session '{sessionId}' may hold only letters, digits, '-', '_' and '.'");
                return ExitCodes.BadUsage;
            }
            string sessionDir = Sessions.Directory(parse.GetValue(logs)!, sessionId);
            foreach (var folder in new[] { sessionDir, Sessions.JournalDirectory(parse.GetValue(logs)!, sessionId) })
            {
                if (File.Exists(folder))
                {
                    Console.Error.WriteLine($"error: --session {sessionId}: {folder} is a file, not a folder; choose another --session or move the file");
                    return ExitCodes.BadUsage;
                }
            }
            string? journalDir = null;
            string existing = Sessions.JournalDirectory(parse.GetValue(logs)!, sessionId);
            if (Directory.Exists(existing) && Directory.EnumerateFiles(existing, "*" + JournalDescriptor.SegmentExtension).Any())
            {
                // Also with --no-journal: its live.json would replace the journaled run's.
                Console.Error.WriteLine($"error: session '{sessionId}' already has a journal in {existing}; choose another --session");
                return ExitCodes.BadUsage;
            }
            if (!parse.GetValue(noJournal))
                journalDir = existing;
            var basePlan = new SessionPlan
            {
                Manifest = new SessionManifest(sessionId, [], 0, topo.Name(), settings),
                Wait = waitKind,
                OutputWait = outputWaitKind,
                RingSize = ring,
                JournalDirectory = journalDir,
                FlushInterval = flushMs > 0 && venueAddress is null ? TimeSpan.FromMilliseconds(flushMs) : null,
                InlineFeed = parse.GetValue(feed) == "inline",
                // Against a venue the journal (then the order's send) runs inline too: no hand-off between a market
                // message's receive and the order it causes (docs/performance/pipeline.md, tick to trade).
                InlineOutput = venueAddress is not null && parse.GetValue(feed) == "inline",
            };
            if (venueAddress is not null)
                return LiveVenueCommand.Run(parse, venueAddress, basePlan, strategy, strategyConfig, parse.GetValue(logs)!, venueOptions);
            if (!market.TryCatalog(parse, out var selection))
                return ExitCodes.BadUsage;
            Record[] records = [];
            IReadOnlyList<string> names;
            long dataSeed;
            Data.Catalog.CatalogReader? catalog = null;
            if (selection is not null)
            {
                if (pace != 0)
                {
                    Console.Error.WriteLine("error: --catalog runs at --speed max (paced catalog runs: not yet)");
                    return ExitCodes.BadUsage;
                }
                try
                {
                    catalog = selection.Open();
                }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadUsage;
                }
                (names, dataSeed) = (catalog.Symbols, catalog.Manifest.Seed);
            }
            else if (!market.TryLoad(parse, out records, out names, out dataSeed))
            {
                return ExitCodes.BadUsage;
            }
            long inputCount = catalog?.Count ?? records.Length;
            if (!StrategyLoader.TryLoad(parse, strategy, strategyConfig, names, out var strategies, out var registry))
                return ExitCodes.BadUsage;
            var plan = basePlan with
            {
                Manifest = new SessionManifest(sessionId, names, dataSeed, topo.Name(), settings) { Strategies = strategies },
                Strategies = registry,
            };
            Console.WriteLine($"qps live: session {sessionId}, {inputCount:N0} records{(catalog is null ? "" : " (catalog)")}, {names.Count} symbols ({string.Join(", ", names)}), {topo.Name()}, wait {waitKind.ToString().ToLowerInvariant()}{(outputWaitKind is { } ow ? $", output wait {ow.ToString().ToLowerInvariant()}" : "")}");
            using var log = SessionLog.Open(sessionDir, "live");
            log.Logger.ZLogInformation($"live session {sessionId}: {inputCount} records, {names.Count} symbols, topology {topo}, wait {waitKind}, config {settings.Hash():x16}, journal {journalDir ?? "off"}");
            LiveRunner.Result result;
            try
            {
                var printer = parse.GetValue(progress) ? LiveRunner.ProgressPrinter(Console.Out) : null;
                result = catalog is null ? LiveRunner.Run(plan, records, pace, printer) : LiveRunner.Run(plan, catalog, printer);
            }
            catch (BadUsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            catch (Exception e) when (e is InvalidDataException && catalog is not null)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (Exception e) when (e is EventHandlerException or PipelineFaultedException)
            {
                log.Logger.ZLogError($"live session {sessionId}: {e}");
                Console.Error.WriteLine($"error: {Faults.Describe(e)}");
                return ExitCodes.VerificationFailed;
            }
            LiveRunner.Print(result, Console.Out);
            LiveRunner.WriteRunFile(result, sessionDir);
            log.Logger.ZLogInformation($"live session {sessionId} done: {result.Stats.Inputs} inputs, {result.Stats.Derived} derived records, digest {result.Stats.Digest}, {result.Elapsed.TotalMilliseconds:F0} ms");
            if (journalDir is not null)
                Console.WriteLine($"  written  {Path.GetFullPath(journalDir)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
