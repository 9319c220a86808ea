using System.CommandLine;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using QpsFast.Engine.Config;
using QpsFast.Engine.Records;
using QpsFast.Replay;
using QpsFast.Sweep;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps sweep</c>: parameter sweeps over shared market data, their shards and merge, and the re-run of a trial.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var vary = new Option<string[]>("--vary") { Description = "A varied field: PATH=A:B:STEP (A to B inclusive) or PATH=V1,V2,… Repeat for a grid (the first varies slowest).", AllowMultipleArgumentsPerToken = false };
        var random = new Option<int>("--random") { Description = "Draw N distinct grid points at random instead of running the whole grid.", DefaultValueFactory = _ => 0 };
        var randomSeed = new Option<long>("--random-seed") { Description = "Seed of the --random draw (--seed is the synthetic data's).", DefaultValueFactory = _ => 1 };
        var jobs = new Option<int>("--jobs") { Description = "Parallel workers (default: the core count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var metric = new Option<string>("--metric") { Description = $"Rank by [BOOK.]METRIC, BOOK an alpha or portfolio (default), METRIC one of {string.Join(", ", BookMetrics.Names)}.", DefaultValueFactory = _ => "sharpe" };
        var output = new Option<string?>("--out") { Description = "The folder of sweep.json, sweep.csv and sweep.html." };
        var shard = new Option<string?>("--shard") { Description = "I/N: run only trials k with k mod N = I (a batch scheduler's array job); qps sweep merge combines the parts." };
        var rerun = new Option<string?>("--rerun") { Description = "A sweep's --out folder: re-run one --trial with a journal and confirm its digest." };
        var trial = new Option<int?>("--trial") { Description = "With --rerun: the trial's number." };
        var walkForward = new Option<string?>("--walk-forward") { Description = "train=Nd,test=Nd[,step=Nd]: choose the best trial on each training window, run it on the test days after it, and report the joined out-of-sample record with the deflated Sharpe (walkforward.json)." };
        var cluster = new Option<string?>("--cluster") { Description = "HOST:PORT[,HOST:PORT…]: gateways of a qps cluster (their --gateway-port); the trials run on its silos instead of local workers." };
        var clusterId = new Option<string>("--cluster-id") { Description = "With --cluster: the silos' --cluster-id.", DefaultValueFactory = _ => "qpsfast" };
        var journalLogs = new Option<string?>("--journal-logs") { Description = "Journal every trial as session sweep-<plan>-trial-K in this folder of session logs (qps replay, report and dump then work on each); default: no journals." };
        var logs = new Option<string>("--logs") { Description = "With --rerun: the folder of session logs.", DefaultValueFactory = _ => "logs" };
        var market = new MarketDataOption();
        var strategy = StrategyLoader.Create();
        var strategyConfig = StrategyLoader.CreateConfig();
        var cmd = new Command("sweep", """
            Runs a parameter sweep: each trial is the base configuration with the --vary fields set, run through the full pipeline on market data read once; writes sweep.json, sweep.csv and sweep.html (per trial: parameters, metrics, stream digest).
            Example: qps sweep --vary alphas.pairs.entryZ=1.5:3.0:0.25 --vary alphas.pairs.window=60,120,240 --days 20 --metric pairs.sharpe --out sweeps/pairs
            Re-run a trial with a journal: qps sweep --rerun sweeps/pairs --trial 7
            """)
        {
            config, vary, random, randomSeed, jobs, metric, output, shard, walkForward, cluster, clusterId, journalLogs, rerun, trial, logs, strategy, strategyConfig, MergeCommand(),
        };
        market.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(rerun) is { } rerunDir)
                return Rerun(parse, rerunDir, parse.GetValue(trial), parse.GetValue(logs)!, market, vary, output, shard);
            if (parse.GetResult(trial) is { Implicit: false })
                return ExitCodes.Usage("--trial goes with --rerun DIR");
            if (parse.GetResult(market.Speed) is { Implicit: false })
                return ExitCodes.Usage("--speed does not apply to a sweep (its trials run as fast as they can)");
            string? outDir = parse.GetValue(output);
            if (outDir is null)
                return ExitCodes.Usage("--out DIR is required (where sweep.json, sweep.csv and sweep.html go)");
            var varied = parse.GetValue(vary) ?? [];
            if (varied.Length == 0)
                return ExitCodes.Usage("give at least one --vary PATH=A:B:STEP or PATH=V1,V2,…");
            int jobCount = parse.GetValue(jobs);
            if (jobCount is < 1 or > 256)
                return ExitCodes.Usage($"--jobs must be 1..256 (got {jobCount})");
            int draw = parse.GetValue(random);
            if (draw < 0)
                return ExitCodes.Usage($"--random must be 0 (the whole grid) or more (got {draw})");
            (int, int)? shardOf = null;
            WalkForwardSpec? windows = null;
            SweepPlan plan;
            try
            {
                if (parse.GetValue(shard) is { } s)
                    shardOf = SweepResults.ParseShard(s);
                if (parse.GetValue(walkForward) is { } wf)
                    windows = shardOf is null ? WalkForwardSpec.Parse(wf) : throw new FormatException("--walk-forward runs whole windows: drop --shard");
                if (windows is not null && parse.GetValue(cluster) is not null)
                    throw new FormatException("--walk-forward runs on local workers: drop --cluster");
                string baseJson = parse.GetValue(config) is { } path ? ReadConfig(path) : "{}";
                plan = new SweepPlan(baseJson, [.. varied.Select(SweepParameter.Parse)]) { Random = draw, RandomSeed = parse.GetValue(randomSeed) };
                if (plan.Parameters.Select(p => p.Path).Distinct(StringComparer.Ordinal).Count() != plan.Parameters.Count)
                    return ExitCodes.Usage("a path is varied twice: give each --vary path once");
                plan.Validate();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or BadUsageException)
            {
                return ExitCodes.Usage(e.Message);
            }
            if (!market.TryLoad(parse, out var records, out var names, out long dataSeed))
                return ExitCodes.BadUsage;
            var strategyArgs = new StrategyArgs(parse.GetValue(strategy) ?? [], parse.GetValue(strategyConfig) ?? []);
            if (!StrategyLoader.TryLoad(parse, strategy, strategyConfig, names, out var specs, out var registry))
                return ExitCodes.BadUsage;
            var (book, metricName) = SplitMetric(parse.GetValue(metric)!);
            var books = new SessionManifest("check", names, dataSeed, "fused", new Engine.Pipeline.EngineSettings()) { Strategies = specs }.Books.Select(b => b.Name).Append("portfolio").ToArray();
            if (!BookMetrics.Names.Contains(metricName) || !books.Contains(book))
                return ExitCodes.Usage($"--metric '{parse.GetValue(metric)}': expected [BOOK.]METRIC with BOOK one of {string.Join(", ", books)} and METRIC one of {string.Join(", ", BookMetrics.Names)}");
            IReadOnlyList<int[]> points;
            try
            {
                points = plan.Trials();
                for (int k = 0; k < points.Count; k++)
                {
                    plan.Settings(points[k]); // every trial's whole configuration, before the first runs
                    plan.Strategies(points[k], specs, registry, names);
                }
            }
            catch (ArgumentException e)
            {
                return ExitCodes.Usage(e.Message);
            }
            var source = new DataSource(market.Sources(parse), parse.GetValue(market.Days), parse.GetValue(market.Symbols), parse.GetValue(market.Seed), records.Length,
                XxHash64.HashToUInt64(MemoryMarshal.AsBytes(records.AsSpan())), names);
            if (Sessions.OutputFolderProblem("--out", outDir) is { } outProblem)
                return ExitCodes.Usage(outProblem); // before the trials run, not after
            if (windows is not null)
                return WalkForwardRun(plan, new SweepData(records, names, dataSeed), source, windows, specs, registry, jobCount, book, metricName, outDir);
            int[] mine = [.. Enumerable.Range(0, points.Count).Where(k => shardOf is not { } sh || k % sh.Item2 == sh.Item1)];
            var data = new SweepData(records, names, dataSeed);
            Console.WriteLine($"qps sweep: {mine.Length:N0} trials{(shardOf is { } shd ? $" (shard {shd.Item1}/{shd.Item2} of {points.Count:N0})" : "")} of {string.Join(" × ", plan.Parameters.Select(p => $"{p.Path} ({p.Values.Count})"))}, {records.Length:N0} records, {jobCount} jobs");
            var clock = Stopwatch.StartNew();
            var progress = new ProgressBar(Console.Error, clock);
            TrialResult[] trials;
            var job = new SweepResults(plan, source, strategyArgs, metricName, book, points.Count, shardOf, []);
            try
            {
                if (parse.GetValue(cluster) is { } gateways)
                {
                    if (parse.GetValue(journalLogs) is not null)
                        return ExitCodes.Usage("--cluster runs trials without journals: drop --journal-logs (journal trials on local workers, or re-run one with --rerun)");
                    var endPoints = new List<System.Net.IPEndPoint>();
                    foreach (var g in gateways.Split(','))
                    {
                        if (!ClusterCommand.TryEndPoint(g.Trim(), out var ep, out string problem))
                            return ExitCodes.Usage($"--cluster {problem}");
                        endPoints.Add(ep);
                    }
                    var run = ClusterRun.Run(endPoints, parse.GetValue(clusterId)!, ClusterRun.ForSilos(job), specs, mine, progress.Report);
                    if (run.Error is { } error)
                    {
                        Console.Error.WriteLine($"error: {error}");
                        return run.Unreachable ? ExitCodes.BadUsage : ExitCodes.VerificationFailed;
                    }
                    trials = run.Results!;
                    progress.Finish();
                    Console.WriteLine($"  cluster  {gateways}: {run.Retries} share(s) sent again after a failure");
                }
                else
                {
                    string? journals = parse.GetValue(journalLogs);
                    if (journals is not null && Sessions.LogsProblem(journals) is { } logsProblem)
                        return ExitCodes.Usage(logsProblem);
                    if (journals is not null && mine.Select(k => Sessions.JournalDirectory(journals, SweepResults.SessionOf(plan, k))).FirstOrDefault(d => Directory.Exists(d) && Directory.EnumerateFileSystemEntries(d).Any()) is { } taken)
                        return ExitCodes.Usage($"--journal-logs {journals}: {taken} already holds a journal of this sweep; remove the folder or choose another");
                    trials = SweepRunner.Run(plan, mine, data, specs, registry, jobCount, progress.Report,
                        journalDirectory: journals is null ? null : k => Sessions.JournalDirectory(journals, SweepResults.SessionOf(plan, k)));
                    progress.Finish();
                }
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            var results = job with { Trials = trials };
            results.WriteAll(outDir);
            Print(results, clock.Elapsed);
            Console.WriteLine($"  written  {Path.GetFullPath(outDir)}/sweep.json, sweep.csv, sweep.html");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static int WalkForwardRun(SweepPlan plan, SweepData data, DataSource source, WalkForwardSpec spec, IReadOnlyList<Engine.Strategies.StrategySpec> specs,
        Engine.Strategies.StrategyRegistry registry, int jobs, string book, string metric, string outDir)
    {
        int trials = plan.Trials().Count;
        Console.WriteLine($"qps sweep --walk-forward {spec}: {trials:N0} trials a window of {string.Join(" × ", plan.Parameters.Select(p => $"{p.Path} ({p.Values.Count})"))}, ranked by {book}.{metric}, {data.Records.Length:N0} records, {jobs} jobs");
        var clock = Stopwatch.StartNew();
        var progress = new ProgressBar(Console.Error, clock, "windows");
        WalkForwardResult r;
        try
        {
            r = WalkForward.Run(plan, data, spec, specs, registry, jobs, book, metric, progress.Report);
        }
        catch (ArgumentException e)
        {
            return ExitCodes.Usage(e.Message);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.VerificationFailed;
        }
        progress.Finish();
        Directory.CreateDirectory(outDir);
        WalkForwardFile.Write(r, plan, source, Path.Combine(outDir, "walkforward.json"));
        static string F(double v, string format) => Reporting.Figures.Ratio(v, format);
        Console.WriteLine($"  {"window",6}  {"train from",10}  {"test",23}  {"in-sample " + metric,18}  {"DSR",6}  {"OOS return",10}  {"OOS " + metric,18}  best parameters");
        foreach (var w in r.Windows)
        {
            var oos = w.OutOfSample.Book(book);
            Console.WriteLine($"  {w.Index,6}  {w.TrainFrom:yyyy-MM-dd}  {w.TestFrom:yyyy-MM-dd}..{w.TestTo:yyyy-MM-dd}  {F(w.InSampleScore, "F4"),18}  {F(w.Deflated, "F3"),6}  {(oos is null ? "failed" : oos.TotalReturn.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)),10}  {F(oos?[metric] ?? double.NaN, "F4"),18}  {plan.Describe(w.Best.Point)}");
        }
        var m = r.OutOfSample;
        string sharpeName = metric == "interval_sharpe" ? "interval_sharpe" : "sharpe";
        double inSample = r.Windows.Select(w => w.Best.Book(book)![sharpeName]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        Console.WriteLine($"  out of sample: {r.Windows.Count} test windows, {m.Periods} days joined: total return {m.TotalReturn:P2}, Sharpe {F(m.Sharpe, "F2")}{(m.Reliable ? "" : "*")}, max drawdown {m.MaxDrawdown:P2}; Sharpe of the {r.OutOfSampleIntervalReturns.Length:N0} mark-to-mark returns {F(r.OutOfSampleIntervalSharpe, "F2")}");
        Console.WriteLine($"  in sample: mean {sharpeName} of the windows' best trials {F(inSample, "F2")}; {r.TrialsTried:N0} trials tried in all ({trials:N0} a window); mean deflated Sharpe of the choices {F(r.Windows.Select(w => w.Deflated).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(), "F3")}");
        if (!m.Reliable && m.ReliabilityNote is { } note)
            Console.WriteLine($"  * {note}");
        Console.WriteLine($"  time     {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  written  {Path.GetFullPath(outDir)}/walkforward.json");
        return ExitCodes.Ok;
    }

    private static Command MergeCommand()
    {
        var parts = new Argument<string[]>("parts") { Description = "The --out folders of the shards (each holds a sweep.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The folder of the merged sweep.json, sweep.csv and sweep.html.", Required = true };
        var cmd = new Command("merge", "Combines the shards of one sweep (qps sweep --shard I/N) into the whole: same plan and data, every trial exactly once.") { parts, output };
        cmd.SetAction(parse =>
        {
            SweepResults merged;
            try
            {
                if (parse.GetValue(parts)!.FirstOrDefault(d => !File.Exists(Path.Combine(d, "sweep.json"))) is { } missing)
                    return ExitCodes.Usage($"{Path.Combine(missing, "sweep.json")}: no such file (a sweep's --out folder holds sweep.json)");
                if (Sessions.OutputFolderProblem("--out", parse.GetValue(output)!) is { } outProblem)
                    return ExitCodes.Usage(outProblem);
                merged = SweepResults.Merge([.. parse.GetValue(parts)!.Select(d => (d, SweepResults.Read(Path.Combine(d, "sweep.json"))))]);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return e is InvalidDataException ? ExitCodes.VerificationFailed : ExitCodes.BadUsage;
            }
            merged.WriteAll(parse.GetValue(output)!);
            Console.WriteLine($"qps sweep merge: {merged.Trials.Count:N0} trials from {parse.GetValue(parts)!.Length} parts");
            Print(merged, null);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static int Rerun(ParseResult parse, string dir, int? trial, string logsDir, MarketDataOption market, Option<string[]> vary, Option<string?> output, Option<string?> shard)
    {
        if (trial is not { } k)
            return ExitCodes.Usage("--rerun DIR needs --trial K");
        if (market.AnyGiven(parse) || parse.GetResult(vary) is { Implicit: false } || parse.GetValue(output) is not null || parse.GetValue(shard) is not null)
            return ExitCodes.Usage("--rerun takes the sweep's own data and parameters from its sweep.json: drop --data, --days, --symbols, --seed, --vary, --out and --shard");
        SweepResults sweep;
        try
        {
            sweep = SweepResults.Read(Path.Combine(dir, "sweep.json"));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return ExitCodes.Usage(e.Message);
        }
        if (sweep.Trials.FirstOrDefault(t => t.Trial == k) is not { } result)
            return ExitCodes.Usage($"trial {k} is not in {dir}/sweep.json (it holds {sweep.Trials.Count:N0} trials{(sweep.Shard is { } s ? $", shard {s.Index}/{s.Count}" : "")})");
        if (result.Error is not null)
            return ExitCodes.Usage($"trial {k} failed in the sweep ({result.Error}): there is no digest to confirm");
        var d = sweep.Data;
        if (!MarketDataOption.TryLoad([.. d.Sources], d.Days, d.SymbolCount, d.Seed, out var records, out var names, out long dataSeed))
            return ExitCodes.BadUsage;
        ulong digest = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(records.AsSpan()));
        if (digest != d.Digest)
        {
            Console.Error.WriteLine($"error: the data ({string.Join(" ", d.Sources)}) is not what the sweep ran on: digest {SweepResults.Hex(digest)}, the sweep's {SweepResults.Hex(d.Digest)}");
            return ExitCodes.VerificationFailed;
        }
        (IReadOnlyList<Engine.Strategies.StrategySpec>, Engine.Strategies.StrategyRegistry) strategies;
        try
        {
            strategies = StrategyLoader.Load([.. sweep.Strategies.Paths], [.. sweep.Strategies.Configs], names);
        }
        catch (BadUsageException e)
        {
            return ExitCodes.Usage(e.Message);
        }
        string session = SweepResults.SessionOf(sweep.Plan, k);
        string journal = Sessions.JournalDirectory(logsDir, session);
        if (Directory.Exists(journal) && Directory.EnumerateFileSystemEntries(journal).Any())
            return ExitCodes.Usage($"session '{session}' already has a journal in {journal}: remove it to re-run the trial");
        var points = sweep.Plan.Trials();
        var plan = new SessionPlan
        {
            Manifest = new SessionManifest(session, names, dataSeed, "fused", sweep.Plan.Settings(points[k])) { Strategies = sweep.Plan.Strategies(points[k], strategies.Item1, strategies.Item2, names) },
            Strategies = strategies.Item2,
            JournalDirectory = journal,
        };
        Console.WriteLine($"qps sweep --rerun: trial {k} ({sweep.Plan.Describe(points[k])}) as session {session}");
        Live.LiveRunner.Result run;
        try
        {
            run = Live.LiveRunner.Run(plan, records);
        }
        catch (Exception e) when (e is BadUsageException or Ring.EventHandlerException or Ring.PipelineFaultedException)
        {
            Console.Error.WriteLine($"error: {Faults.Describe(e)}");
            return ExitCodes.VerificationFailed;
        }
        Live.LiveRunner.WriteRunFile(run, Sessions.Directory(logsDir, session));
        ulong rerunDigest = run.Stats.Digest.Value;
        bool same = rerunDigest == result.Digest && run.Stats.Inputs + run.Stats.Derived == result.Records;
        Console.WriteLine($"  digest   {SweepResults.Hex(rerunDigest)} (re-run, {run.Stats.Inputs + run.Stats.Derived:N0} records) {SweepResults.Hex(result.Digest)} (sweep, {result.Records:N0} records)");
        Console.WriteLine($"  journal  {Path.GetFullPath(journal)}");
        Console.WriteLine($"  verdict  {(same ? "PASS: the re-run's record stream is the sweep trial's" : "FAIL: the re-run differs from the sweep's trial")}");
        return same ? ExitCodes.Ok : ExitCodes.VerificationFailed;
    }

    private static void Print(SweepResults r, TimeSpan? elapsed)
    {
        if (elapsed is { } e)
            Console.WriteLine($"  time     {e.TotalSeconds:F1} s, {r.Trials.Count / Math.Max(e.TotalSeconds, 1e-9):F2} trials/s");
        int failed = r.Trials.Count(t => t.Error is not null);
        if (failed > 0)
            Console.WriteLine($"  failed   {failed:N0} trials (their error is in sweep.csv and sweep.json)");
        Console.WriteLine($"  best by {r.Book}.{r.Metric}:");
        if (r.ReliabilityNote() is { } note)
            Console.WriteLine($"  * {note}");
        foreach (var t in r.Ranked().Take(5).Where(t => t.Error is null))
            Console.WriteLine($"    trial {t.Trial,5}  {r.Plan.Describe(t.Point)}  {r.Metric} {Reporting.Figures.Ratio(t.Book(r.Book)![r.Metric], "F4")}  digest {SweepResults.Hex(t.Digest)}");
    }

    private static (string Book, string Metric) SplitMetric(string text)
    {
        int dot = text.LastIndexOf('.');
        return dot < 0 ? ("portfolio", text) : (text[..dot], text[(dot + 1)..]);
    }

    private static string ReadConfig(string path)
    {
        try
        {
            EngineConfig.Load(path); // the base alone must be a valid configuration
            return File.ReadAllText(path);
        }
        catch (ConfigException e)
        {
            throw new BadUsageException(e.Message);
        }
    }
}
