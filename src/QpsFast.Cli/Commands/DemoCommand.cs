using System.CommandLine;
using System.Diagnostics;
using QpsFast.Cli.Live;
using QpsFast.Data.Files;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Ring;

namespace QpsFast.Cli.Commands;

/// <summary>
/// <c>qps demo</c>: the main job on the embedded default data: generate the synthetic market (4 symbols, 5 days,
/// seed 42), run it live through the five alphas with a journal, replay the journal to verify it byte for byte, and
/// print the summary. Exit code 0 only when replay PASSes. (The HTML report joins it with the report verb.)
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var session = new Option<string?>("--session") { Description = "Session id (default: demo-<UTC date and time>)." };
        var cmd = new Command("demo", """
            Runs the main job on the default data: generate (4 symbols, 5 days, seed 42) -> live (journaled) -> replay (verify).
            Prints per-alpha trades, P&L and the replay verdict, and the paths of the files written. Exit 0 only when replay PASSes.
            Example: qps demo
            """)
        {
            logs, session,
        };
        cmd.SetAction(parse =>
        {
            var total = Stopwatch.StartNew();
            string logsDir = parse.GetValue(logs)!;
            string id = parse.GetValue(session) ?? Sessions.NewId(logsDir, "demo");
            if (!Sessions.IsValidId(id) || Directory.Exists(Sessions.JournalDirectory(logsDir, id)))
            {
                Console.Error.WriteLine($"error: session '{id}' is not a valid, unused session id");
                return ExitCodes.BadUsage;
            }
            string sessionDir = Sessions.Directory(logsDir, id);

            // 1. generate
            var clock = Stopwatch.StartNew();
            var options = new SyntheticOptions();
            var market = new SyntheticMarket(options);
            var names = SyntheticMarket.NamesFor(options.Symbols);
            string dataPath = Path.Combine(sessionDir, "market.qpsr");
            var header = RecordFile.Write(dataPath, names, options.Seed, sink => market.Generate(sink));
            Console.WriteLine($"[1/3] generate  {header.RecordCount:N0} records ({options.Days} days x {options.Symbols} symbols, 1m bars + 5-level book), seed {options.Seed}, digest {header.Digest:x16}  ({clock.ElapsedMilliseconds} ms)");

            // 2. live, journaled
            clock.Restart();
            var (_, records) = RecordFile.ReadAll(dataPath);
            var settings = new EngineSettings();
            var manifest = new SessionManifest(id, names, options.Seed, "fused", settings);
            var journal = new JournalOptions { Directory = Sessions.JournalDirectory(logsDir, id), Configuration = manifest.ToJson() };
            var live = LiveRunner.Run(records, names, settings, Topology.Fused, WaitKind.Yield, 1024, 0, options.Seed, journal);
            Console.WriteLine($"[2/3] live      {live.Stats.Inputs:N0} events through 5 alphas, risk, broker, portfolio; {live.Stats.Digest.Count:N0} records journaled ({live.Journal!.BytesWritten:N0} bytes)  ({clock.ElapsedMilliseconds} ms)");

            // 3. replay, verify
            clock.Restart();
            var replay = ReplayVerifier.Run(journal.Directory, new ReplayVerifier.Options { Topology = Topology.Staged });
            var resultsPath = Path.Combine(sessionDir, "results.json");
            ReplayReport.WriteJson(replay, resultsPath);
            Console.WriteLine($"[3/3] replay    {replay.LiveRecords:N0} records re-derived on the staged topology and compared byte for byte: {(replay.Pass ? "PASS" : "FAIL")}  ({clock.ElapsedMilliseconds} ms)");
            var analysis = QpsFast.Reporting.SessionAnalysis.FromJournal(journal.Directory);
            var detailedPath = Path.Combine(sessionDir, "results_detailed.json");
            QpsFast.Reporting.DetailedResults.Write(analysis, QpsFast.Reporting.ReplaySummary.Of(replay), detailedPath);
            var reportPath = Path.Combine(sessionDir, "report.html");
            QpsFast.Reporting.HtmlReport.Write(analysis, QpsFast.Reporting.ReplaySummary.Of(replay), reportPath);

            Console.WriteLine();
            Console.WriteLine($"  {"alpha",-13} {"trades",8} {"round trips",12} {"P&L",14} {"Sharpe",8}  replay");
            var core = live.Engine.Core;
            for (int b = 0; b < core.Ledger.Books; b++)
            {
                var line = replay.Lines[b];
                Console.WriteLine($"  {line.Name,-13} {line.LiveTrades,8:N0} {core.RoundTrips(b),12:N0} {FixedPoint.ToDecimal(line.LivePnlRaw),14:N2} {analysis.Alphas[b].Returns.Sharpe,8:F2}  {(line.PnlMatch && line.TradesMatch ? "PASS" : "FAIL")}");
            }
            var portfolio = replay.Lines[^1];
            Console.WriteLine($"  {"portfolio",-13} {portfolio.LiveTrades,8:N0} {"",12} {FixedPoint.ToDecimal(portfolio.LivePnlRaw),14:N2} {analysis.Portfolio.Returns.Sharpe,8:F2}  {(portfolio.PnlMatch && portfolio.TradesMatch ? "PASS" : "FAIL")}");
            Console.WriteLine();
            Console.WriteLine($"  digest        {replay.LiveDigest:x16} (live) {replay.ReplayDigest:x16} (replay)");
            Console.WriteLine($"  journal       {Path.GetFullPath(journal.Directory)}");
            Console.WriteLine($"  results.json  {Path.GetFullPath(resultsPath)}");
            Console.WriteLine($"  detailed      {Path.GetFullPath(detailedPath)}");
            Console.WriteLine($"  report        {Path.GetFullPath(reportPath)}");
            Console.WriteLine($"  verdict       {(replay.Pass ? "PASS" : "FAIL")}   (total {total.Elapsed.TotalSeconds:F1} s)");
            return replay.Pass ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return cmd;
    }
}
