using System.CommandLine;
using System.Diagnostics;
using QpsFast.Cli.Live;
using QpsFast.Data.Files;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Reporting;
using QpsFast.Ring;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary>
/// <c>qps demo</c>: the main job on the embedded default data: generate the synthetic market (4 symbols, 5 days,
/// seed 42), run it live through the five alphas with a journal, replay the journal to verify it byte for byte, and
/// report (metrics, results_detailed.json, report.html). Exit code 0 only when replay PASSes.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "Session id (default: demo-<UTC date and time>)." });
        var config = ConfigOption.Create();
        var strategy = StrategyLoader.Create();
        var strategyConfig = StrategyLoader.CreateConfig();
        var cmd = new Command("demo", """
            Runs the main job on the default data: generate (4 symbols, 5 days, seed 42) -> live (journaled) -> replay (verify) -> report.
            Shows a progress bar per stage, then a summary table (per alpha: trades, P&L, Sharpe, replay verdict) and the
            paths of results.json, results_detailed.json and report.html. Exit 0 only when replay PASSes.
            With --strategy, user strategies run beside the five alphas (or alone, with "alphas": {"builtIn": false}).
            Example: qps demo
            """)
        {
            logs, session, config, strategy, strategyConfig,
        };
        cmd.SetAction(parse =>
        {
            if (!ConfigOption.TryLoad(parse, config, out var settings))
                return ExitCodes.BadUsage;
            if (!StrategyLoader.TryLoad(parse, strategy, strategyConfig, SyntheticMarket.NamesFor(new SyntheticOptions().Symbols), out var specs, out var registry))
                return ExitCodes.BadUsage;
            try
            {
                var options = new SyntheticOptions();
                LiveRunner.Check(new SessionPlan { Manifest = new SessionManifest("check", SyntheticMarket.NamesFor(options.Symbols), options.Seed, Topology.Fused.Name(), settings) { Strategies = specs }, Strategies = registry });
            }
            catch (BadUsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            return Run(parse.GetValue(logs)!, parse.GetValue(session), settings, specs, registry);
        });
        return cmd;
    }

    private static int Run(string logsDir, string? requested, EngineSettings settings, IReadOnlyList<QpsFast.Engine.Strategies.StrategySpec> specs, QpsFast.Engine.Strategies.StrategyRegistry registry)
    {
        var total = Stopwatch.StartNew();
        if (Sessions.LogsProblem(logsDir) is { } logsProblem)
        {
            Console.Error.WriteLine($"error: {logsProblem}");
            return ExitCodes.BadUsage;
        }
        string id = requested ?? Sessions.NewId(logsDir, "demo");
        if (!Sessions.IsValidId(id) || Directory.Exists(Sessions.JournalDirectory(logsDir, id)))
        {
            Console.Error.WriteLine($"error: session '{id}' is not a valid, unused session id");
            return ExitCodes.BadUsage;
        }
        string sessionDir = Sessions.Directory(logsDir, id);
        using var log = SessionLog.Open(sessionDir, "demo");
        log.Logger.ZLogInformation($"demo session {id}: generate -> live -> replay -> report");
        var options = new SyntheticOptions();
        var names = SyntheticMarket.NamesFor(options.Symbols);
        string dataPath = Path.Combine(sessionDir, "market.qpsr");
        var plan = new SessionPlan
        {
            Manifest = new SessionManifest(id, names, options.Seed, Topology.Fused.Name(), settings) { Strategies = specs },
            Strategies = registry,
            JournalDirectory = Sessions.JournalDirectory(logsDir, id),
            InlineFeed = true, // as qps live: the engine on the feed's thread; the replay below uses threads
        };
        string journalDir = plan.JournalDirectory;
        RecordFile.Header header = null!;
        LiveRunner.Result live = null!;
        ReplayResult replay = null!;
        SessionAnalysis analysis = null!;
        var timings = new long[4];

        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var generate = ctx.AddTask("generate", maxValue: options.Days * 1440);
                var run = ctx.AddTask("live (journaled)", maxValue: 1);
                var verify = ctx.AddTask("replay (verify)", maxValue: 1);
                var report = ctx.AddTask("report", maxValue: 1);

                var clock = Stopwatch.StartNew();
                var market = new SyntheticMarket(options);
                header = RecordFile.Write(dataPath, names, options.Seed, sink => market.Generate(chunk =>
                {
                    sink(chunk);
                    generate.Increment(1);
                }));
                timings[0] = clock.ElapsedMilliseconds;

                clock.Restart();
                var (_, records) = RecordFile.ReadAll(dataPath);
                run.MaxValue = records.Length;
                live = LiveRunner.Run(plan, records, progress: published => run.Value = published);
                run.Value = run.MaxValue;
                timings[1] = clock.ElapsedMilliseconds;

                clock.Restart();
                replay = ReplayVerifier.Run(journalDir, new ReplayVerifier.Options { Topology = Topology.Staged, Strategies = registry });
                verify.Value = 1;
                timings[2] = clock.ElapsedMilliseconds;

                clock.Restart();
                analysis = SessionAnalysis.FromJournal(journalDir);
                timings[3] = clock.ElapsedMilliseconds;
                report.Value = 1;
            });

        LiveRunner.WriteRunFile(live, sessionDir);
        var resultsPath = Path.Combine(sessionDir, "results.json");
        ReplayReport.WriteJson(replay, resultsPath);
        var summary = ReplaySummary.Of(replay);
        var detailedPath = Path.Combine(sessionDir, "results_detailed.json");
        DetailedResults.Write(analysis, summary, detailedPath);
        var reportPath = Path.Combine(sessionDir, "report.html");
        HtmlReport.Write(analysis, summary, reportPath, RunFile.Read(sessionDir));
        log.Logger.ZLogInformation($"demo session {id}: generate {timings[0]} ms, live {timings[1]} ms, replay {timings[2]} ms, report {timings[3]} ms; digest {replay.LiveDigest:x16}; replay {(replay.Pass ? "PASS" : "FAIL")}");

        AnsiConsole.MarkupLine($"generate {header.RecordCount:N0} records ({timings[0]} ms) · live {live.Stats.Inputs:N0} events, {live.Stats.Digest.Count:N0} records journaled ({timings[1]} ms) · replay {replay.LiveRecords:N0} records compared byte for byte on the staged topology ({timings[2]} ms) · report ({timings[3]} ms)");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("alpha").NoWrap()).AddColumn(new TableColumn("trades").RightAligned()).AddColumn(new TableColumn("trips").RightAligned())
            .AddColumn(new TableColumn("P&L").RightAligned()).AddColumn(new TableColumn("Sharpe").RightAligned()).AddColumn(new TableColumn("hourly").RightAligned()).AddColumn(new TableColumn("replay").Centered());
        var core = live.Engine.Core;
        for (int b = 0; b < core.Ledger.Books; b++)
        {
            var line = replay.Lines[b];
            table.AddRow(line.Name, $"{line.LiveTrades:N0}", $"{core.RoundTrips(b):N0}", $"{FixedPoint.ToDecimal(line.LivePnlRaw):N2}", Sharpe(analysis.Alphas[b].Returns), Figures.Ratio(analysis.Alphas[b].IntervalSharpe, "F2"), Verdict(line.PnlMatch && line.TradesMatch));
        }
        var portfolio = replay.Lines[^1];
        table.AddRow("portfolio", $"{portfolio.LiveTrades:N0}", "", $"{FixedPoint.ToDecimal(portfolio.LivePnlRaw):N2}", Sharpe(analysis.Portfolio.Returns), Figures.Ratio(analysis.Portfolio.IntervalSharpe, "F2"), Verdict(portfolio.PnlMatch && portfolio.TradesMatch));
        AnsiConsole.Write(table);
        if (analysis.Portfolio.Returns.ReliabilityNote is { } note && !analysis.Portfolio.Returns.Reliable)
            AnsiConsole.MarkupLine($"  [grey]* {Markup.Escape(note)}[/]");
        AnsiConsole.MarkupLine($"  [grey]hourly: the Sharpe of the {analysis.Portfolio.IntervalReturns:N0} hourly mark-to-mark returns, annualized over {Markup.Escape(analysis.Conventions.PeriodsName)} × the marks a day; better sampled on a short run, not comparable with a daily Sharpe of a long one[/]");
        Console.WriteLine($"  digest        {replay.LiveDigest:x16} (live) {replay.ReplayDigest:x16} (replay)");
        Console.WriteLine($"  journal       {Path.GetFullPath(journalDir)}");
        Console.WriteLine($"  results.json  {Path.GetFullPath(resultsPath)}");
        Console.WriteLine($"  detailed      {Path.GetFullPath(detailedPath)}");
        Console.WriteLine($"  report        {Path.GetFullPath(reportPath)}");
        Console.WriteLine($"  verdict       {(replay.Pass ? "PASS" : "FAIL")}   (total {total.Elapsed.TotalSeconds:F1} s)");
        return replay.Pass ? ExitCodes.Ok : ExitCodes.VerificationFailed;
    }

    private static string Verdict(bool pass) => pass ? "[green]PASS[/]" : "[red]FAIL[/]";

    /// <summary>A Sharpe ratio for the summary table: greyed and starred when it rests on too few daily returns.</summary>
    private static string Sharpe(ReturnMetrics m) =>
        m.Reliable ? Figures.Ratio(m.Sharpe, "F2") : $"[grey]{Figures.Ratio(m.Sharpe, "F2")}*[/]";
}
