using System.CommandLine;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;
using Microsoft.Extensions.Logging;
using QpsFast.Ring;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps replay</c>: re-runs a session's journal through a fresh pipeline and verifies every record.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "The session to replay (logs/<session>/journal).", Required = true });
        var topology = new Option<string?>("--topology") { Description = "fused or staged (default: as recorded)." };
        topology.AcceptOnlyFromAmong(TopologyNames.All);
        var wait = WaitOption.Create();
        wait.AcceptOnlyFromAmong("spin", "yield", "block");
        var journalOut = new Option<string?>("--journal-out") { Description = "Write the replay's own record stream as a journal in this folder." };
        var config = new Option<string?>("--config") { Description = "Replay with this configuration instead of the recorded one (to find where a change diverges)." };
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var strategy = new Option<string[]>("--strategy") { Description = "Where a recorded strategy's assembly is now (PATH.dll), when it has moved; it must be the code that ran." };
        var prefix = new Option<bool>("--prefix") { Description = "Verify the part a journal cut short holds (a crash, a lost last segment): the verdict is then PARTIAL, exit 0. Without it such a journal exits 1." };
        var strategyConfig = new Option<string[]>("--strategy-config") { Description = "NAME=params.json: replay the named strategy with these parameters instead of the recorded ones (to find where a change diverges)." };
        var cmd = new Command("replay", """
            Memory-maps a session's journal, re-publishes its inputs into a fresh pipeline built from the recorded
            configuration, and compares every derived record byte for byte. Writes logs/<session>/results.json.
            Exit code 0 on PASS, 1 on FAIL, a damaged journal, or one that does not end with the session's end
            (PARTIAL; exit 0 with --prefix), 2 on bad usage.
            Example: qps replay --session demo --topology staged --journal-out logs/demo/replay-journal
            """)
        {
            session, topology, wait, journalOut, config, strategy, strategyConfig, prefix, logs,
        };
        cmd.SetAction(parse =>
        {
            string id = parse.GetValue(session)!;
            string logsDir = parse.GetValue(logs)!;
            string journalDir = Sessions.JournalDirectory(logsDir, id);
            if (!Directory.Exists(journalDir))
            {
                Console.Error.WriteLine($"error: no journal for session '{id}' ({journalDir} does not exist)");
                return ExitCodes.BadUsage;
            }
            EngineSettings? settings = null;
            try
            {
                if (parse.GetValue(config) is { } configPath)
                    settings = EngineConfig.Load(configPath);
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in parse.GetValue(strategyConfig) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0 || !File.Exists(item[(eq + 1)..]))
                {
                    Console.Error.WriteLine($"error: --strategy-config must be NAME=FILE with an existing file (got '{item}')");
                    return ExitCodes.BadUsage;
                }
                overrides[item[..eq]] = File.ReadAllText(item[(eq + 1)..]);
            }
            StrategyRegistry registry;
            try
            {
                var manifest = SessionManifest.Parse(JournalReader.Open(journalDir).ReadConfiguration(), journalDir);
                if (manifest.Session != id)
                {
                    Console.Error.WriteLine(Sessions.ForeignJournal(journalDir, manifest.Session, id));
                    return ExitCodes.VerificationFailed;
                }
                if (overrides.Keys.FirstOrDefault(k => manifest.Strategies.All(s => s.Name != k)) is { } unknown)
                {
                    Console.Error.WriteLine($"error: --strategy-config {unknown}=…: the session has no strategy '{unknown}' (it has: {(manifest.Strategies.Count == 0 ? "none" : string.Join(", ", manifest.Strategies.Select(s => s.Name)))})");
                    return ExitCodes.BadUsage;
                }
                var given = parse.GetValue(strategy) ?? [];
                foreach (var path in given)
                {
                    // A --strategy that the session does not use would be ignored: say so instead.
                    string assembly = Path.GetFileNameWithoutExtension(path.Split(".dll:")[0]);
                    if (manifest.Strategies.All(s => s.AssemblyName != assembly))
                    {
                        Console.Error.WriteLine($"error: --strategy {path}: the session records no strategy from assembly {assembly} (it has: {(manifest.Strategies.Count == 0 ? "none" : string.Join(", ", manifest.Strategies.Select(s => $"{s.Name} from {s.AssemblyName}")))})");
                        return ExitCodes.BadUsage;
                    }
                }
                registry = StrategyLoader.ForReplay(manifest.Strategies, given);
            }
            catch (StrategyLoadException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            catch (Exception e) when (e is JournalCorruptException or ConfigException or FileNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            var options = new ReplayVerifier.Options
            {
                Strategies = registry,
                StrategyParametersOverride = overrides.Count > 0 ? overrides : null,
                Topology = parse.GetValue(topology) is { } name ? TopologyNames.Parse(name) : null,
                Wait = WaitOption.Parse(parse.GetValue(wait)!),
                JournalOut = parse.GetValue(journalOut),
                SettingsOverride = settings,
            };
            if (options.JournalOut is { } outFile && Sessions.FolderProblem("--journal-out", outFile) is { } outProblem)
            {
                Console.Error.WriteLine($"error: {outProblem}");
                return ExitCodes.BadUsage;
            }
            if (options.JournalOut is { } outDir && Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            {
                Console.Error.WriteLine($"error: --journal-out {outDir} is not empty");
                return ExitCodes.BadUsage;
            }
            using var log = SessionLog.Open(Sessions.Directory(logsDir, id), "replay");
            log.Logger.ZLogInformation($"replay session {id}: topology {options.Topology?.ToString() ?? "as recorded"}, wait {options.Wait}, journal-out {options.JournalOut ?? "none"}");
            // A what-if (other settings or strategy parameters) writes beside the session's official results, never over them.
            bool whatIf = settings is not null || overrides.Count > 0;
            var resultsPath = Path.Combine(Sessions.Directory(logsDir, id), whatIf ? "results-what-if.json" : "results.json");
            ReplayResult result;
            try
            {
                result = ReplayVerifier.Run(journalDir, options);
            }
            catch (JournalCorruptException e)
            {
                // The verdict on disk verified a journal that is no longer there as it was: it must not stand.
                bool removed = File.Exists(resultsPath);
                if (removed)
                    File.Delete(resultsPath);
                log.Logger.ZLogError($"replay session {id}: the journal is damaged: {e.Message}{(removed ? $"; {Path.GetFileName(resultsPath)} was removed (it verified the journal before the damage)" : "")}");
                return ExitCodes.VerificationFailed;
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (StrategyLoadException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            catch (FileNotFoundException e)
            {
                log.Logger.ZLogError($"replay session {id}: nothing to replay: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            ReplayReport.WriteJson(result, resultsPath);
            if (result.Pass)
                log.Logger.ZLogInformation($"replay session {id}: PASS, {result.LiveRecords} records identical, digest {result.LiveDigest:x16}");
            else if (result.Matched)
                log.Logger.ZLogInformation($"replay session {id}: PARTIAL, {result.LiveRecords} records identical, but the journal does not end with the session's end: {result.EndProblem}");
            else
                log.Logger.ZLogWarning($"replay session {id}: FAIL at sequence {result.FirstDivergence?.Sequence} ({result.FirstDivergence?.Kind} {result.FirstDivergence?.Field}: expected {result.FirstDivergence?.Expected}, actual {result.FirstDivergence?.Actual})");
            Print(result, Console.Out);
            Console.WriteLine($"  results  {Path.GetFullPath(resultsPath)}");
            if (options.JournalOut is { } written)
                Console.WriteLine($"  journal  {Path.GetFullPath(written)} (the replay's own stream)");
            if (result.Verdict == "PARTIAL" && !parse.GetValue(prefix))
            {
                Console.Error.WriteLine($"error: the journal of session '{id}' does not end with the session's end: {result.EndProblem}; the part it holds matched (PARTIAL). Give --prefix to accept a prefix (exit 0)");
                return ExitCodes.VerificationFailed;
            }
            return result.Matched ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return cmd;
    }

    private static void Print(ReplayResult r, TextWriter o)
    {
        o.WriteLine($"qps replay: session {r.Session}, {r.Topology}, {r.Inputs:N0} inputs, {r.LiveRecords:N0} journal records, {r.ReplayRecords:N0} replayed, {r.Elapsed.TotalMilliseconds:N0} ms ({r.LiveRecords / r.Elapsed.TotalSeconds:N0} records/s)");
        o.WriteLine($"  {"",-13} {"live pnl",14} {"replay pnl",14} {"trades",9} {"replay",9}  verdict");
        foreach (var l in r.Lines)
            o.WriteLine($"  {l.Name,-13} {FixedPoint.ToDecimal(l.LivePnlRaw),14:N2} {FixedPoint.ToDecimal(l.ReplayPnlRaw),14:N2} {l.LiveTrades,9:N0} {l.ReplayTrades,9:N0}  {(l.PnlMatch && l.TradesMatch ? "PASS" : "FAIL")}");
        o.WriteLine($"  digests  live {r.LiveDigest:x16}, replay {r.ReplayDigest:x16}");
        if (r.TornTail is { } t)
            o.WriteLine($"  note     the journal has a torn tail at {Path.GetFileName(t.Segment)} offset {t.Offset} ({t.Problem}); the prefix up to sequence {t.LastGoodSequence} was replayed");
        if (r.FirstDivergence is { } d)
            o.WriteLine($"  FIRST DIVERGENCE at sequence {d.Sequence} ({d.Kind}): {d.Field} expected {d.Expected}, actual {d.Actual} ({r.Mismatches:N0} mismatched records)");
        if (r.NothingCompared)
            o.WriteLine("  verdict  FAIL: the journal holds no input record: nothing was compared");
        else
            o.WriteLine($"  verdict  {r.Verdict}: " + r.Verdict switch
            {
                "PASS" => "every derived record is identical, byte for byte",
                "PARTIAL" => $"every record of the prefix the journal holds is identical, but the journal does not end with the session's end ({r.EndProblem})",
                _ => "every derived record was compared; see the first divergence",
            });
    }
}
