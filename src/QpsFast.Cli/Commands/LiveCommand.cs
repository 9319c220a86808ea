using System.CommandLine;
using QpsFast.Cli.Live;
using QpsFast.Data.Readers;
using QpsFast.Journal;
using QpsFast.Data.Synthetic;
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
        var data = new Option<string[]>("--data") { Description = "'synthetic' (generated on the fly), or files and folders: record files (*.qpsr), OHLCV CSV, Binance klines or depth, Tardis book snapshots, LEAN zips.", DefaultValueFactory = _ => ["synthetic"], AllowMultipleArgumentsPerToken = true };
        var topology = new Option<string>("--topology") { Description = "fused or staged.", DefaultValueFactory = _ => "fused" };
        topology.AcceptOnlyFromAmong(TopologyNames.All);
        var wait = WaitOption.Create();
        var outputWait = WaitOption.CreateOutput();
        var speed = new Option<string>("--speed") { Description = "max, realtime, or Nx (N times event time).", DefaultValueFactory = _ => "max" };
        var ringSize = new Option<int>("--ring-size") { Description = "Ring slots (power of two).", DefaultValueFactory = _ => 1024 };
        var days = new Option<int>("--days") { Description = "Synthetic data: days.", DefaultValueFactory = _ => 5 };
        var symbols = new Option<int>("--symbols") { Description = "Synthetic data: symbols.", DefaultValueFactory = _ => 4 };
        var seed = new Option<long>("--seed") { Description = "Synthetic data: seed.", DefaultValueFactory = _ => 42 };
        var config = ConfigOption.Create();
        var strategy = StrategyLoader.Create();
        var strategyConfig = StrategyLoader.CreateConfig();
        var cmd = new Command("live", """
            Runs the live sandbox: market data through the alphas, risk, paper broker and portfolio; prints what each alpha did and the stream digest.
            Example: qps live --session demo --data synthetic --topology fused --wait yield
            User strategies: qps live --data bars.csv --strategy MyAlphas/bin/Release/net10.0/MyAlphas.dll --strategy-config params.json
            """)
        {
            session, data, topology, wait, outputWait, speed, ringSize, days, symbols, seed, config, strategy, strategyConfig, noJournal, logs,
        };
        cmd.SetAction(parse =>
        {
            if (!ConfigOption.TryLoad(parse, config, out var settings))
                return ExitCodes.BadUsage;
            double pace;
            string speedText = parse.GetValue(speed)!;
            if (speedText == "max")
                pace = 0;
            else if (speedText == "realtime")
                pace = 1;
            else if (speedText.EndsWith('x') && double.TryParse(speedText[..^1], System.Globalization.CultureInfo.InvariantCulture, out pace) && pace > 0)
            {
            }
            else
            {
                Console.Error.WriteLine($"error: --speed must be max, realtime or Nx with N > 0 (got '{speedText}')");
                return ExitCodes.BadUsage;
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
            Record[] records;
            IReadOnlyList<string> names;
            long dataSeed = 0;
            var sources = parse.GetValue(data)!;
            if (sources is ["synthetic"])
            {
                var options = new SyntheticOptions(parse.GetValue(days), parse.GetValue(symbols), parse.GetValue(seed));
                if (options.Validate() is { } problem)
                {
                    Console.Error.WriteLine($"error: {problem}");
                    return ExitCodes.BadUsage;
                }
                var list = new List<Record>((int)new SyntheticMarket(options).RecordCount);
                new SyntheticMarket(options).Generate(chunk => list.AddRange(chunk));
                records = [.. list];
                names = SyntheticMarket.NamesFor(options.Symbols);
                dataSeed = options.Seed;
            }
            else
            {
                try
                {
                    var loaded = MarketDataLoader.Load(sources);
                    records = loaded.Records;
                    names = loaded.Symbols;
                    dataSeed = loaded.Seed;
                }
                catch (Exception e) when (e is DataFormatException or InvalidDataException or FileNotFoundException or IOException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    Console.Error.WriteLine("nothing was published.");
                    return ExitCodes.BadUsage;
                }
                if (records.Length == 0)
                {
                    Console.Error.WriteLine("error: the data holds no records");
                    return ExitCodes.BadUsage;
                }
            }
            if (!StrategyLoader.TryLoad(parse, strategy, strategyConfig, names, out var strategies, out var registry))
                return ExitCodes.BadUsage;
            var topo = TopologyNames.Parse(parse.GetValue(topology)!);
            var waitKind = WaitOption.Parse(parse.GetValue(wait)!);
            var outputWaitKind = WaitOption.ParseOptional(parse.GetValue(outputWait));
            string sessionId = parse.GetValue(session) ?? Sessions.NewId(parse.GetValue(logs)!, "live");
            if (!Sessions.IsValidId(sessionId))
            {
                Console.Error.WriteLine($"error: --session '{sessionId}' may hold only letters, digits, '-', '_' and '.'");
                return ExitCodes.BadUsage;
            }
            string? journalDir = null;
            if (!parse.GetValue(noJournal))
            {
                journalDir = Sessions.JournalDirectory(parse.GetValue(logs)!, sessionId);
                if (Directory.Exists(journalDir) && Directory.EnumerateFileSystemEntries(journalDir).Any())
                {
                    Console.Error.WriteLine($"error: session '{sessionId}' already has a journal in {journalDir}; choose another --session");
                    return ExitCodes.BadUsage;
                }
            }
            var plan = new SessionPlan
            {
                Manifest = new SessionManifest(sessionId, names, dataSeed, topo.Name(), settings) { Strategies = strategies },
                Strategies = registry,
                Wait = waitKind,
                OutputWait = outputWaitKind,
                RingSize = ring,
                JournalDirectory = journalDir,
            };
            Console.WriteLine($"qps live: session {sessionId}, {records.Length:N0} records, {names.Count} symbols ({string.Join(", ", names)}), {topo.Name()}, wait {waitKind.ToString().ToLowerInvariant()}{(outputWaitKind is { } ow ? $", output wait {ow.ToString().ToLowerInvariant()}" : "")}");
            using var log = SessionLog.Open(Sessions.Directory(parse.GetValue(logs)!, sessionId), "live");
            log.Logger.ZLogInformation($"live session {sessionId}: {records.Length} records, {names.Count} symbols, topology {topo}, wait {waitKind}, config {settings.Hash():x16}, journal {journalDir ?? "off"}");
            LiveRunner.Result result;
            try
            {
                result = LiveRunner.Run(plan, records, pace);
            }
            catch (BadUsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            catch (Exception e) when (e is EventHandlerException or PipelineFaultedException)
            {
                log.Logger.ZLogError($"live session {sessionId}: {e}");
                Console.Error.WriteLine($"error: {Faults.Describe(e)}");
                return ExitCodes.VerificationFailed;
            }
            LiveRunner.Print(result, Console.Out);
            LiveRunner.WriteRunFile(result, Sessions.Directory(parse.GetValue(logs)!, sessionId));
            log.Logger.ZLogInformation($"live session {sessionId} done: {result.Stats.Inputs} inputs, {result.Stats.Derived} derived records, digest {result.Stats.Digest}, {result.Elapsed.TotalMilliseconds:F0} ms");
            if (journalDir is not null)
                Console.WriteLine($"  written  {Path.GetFullPath(journalDir)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
