using System.CommandLine;
using QpsFast.Journal;
using QpsFast.Reporting;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps report</c>: metrics per alpha and for the portfolio, alpha correlations, results_detailed.json.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var session = Sessions.Checked(new Option<string?>("--session") { Description = "The session (logs/<session>/journal).", Required = true });
        var logs = new Option<string>("--logs") { Description = "The folder of session logs.", DefaultValueFactory = _ => "logs" };
        var periods = new Option<string>("--periods-per-year") { Description = "How returns are annualized: 252 (trading days), 365 (calendar days), 52, 12, or auto (365 when the data trades at weekends, else 252).", DefaultValueFactory = _ => "252" };
        periods.AcceptOnlyFromAmong("252", "365", "52", "12", "auto");
        var riskFree = new Option<double>("--risk-free") { Description = "Annual risk-free rate (0.04 for 4 %), compounded down to one period for Sharpe, Omega, alpha and beta.", DefaultValueFactory = _ => 0, CustomParser = Rate };
        var chartSymbol = new Option<string?>("--chart-symbol") { Description = "The symbol whose price and fills the report draws (default: the first)." };
        var benchmark = new Option<string?>("--benchmark") { Description = "The symbol whose buy and hold alpha and beta are measured against (default: the first)." };
        var required = new Option<double>("--required-return") { Description = "Annual required return of Sortino and the downside risk (0.05 for 5 %).", DefaultValueFactory = _ => 0, CustomParser = Rate };
        foreach (var rate in new[] { riskFree, required })
        {
            rate.Validators.Add(r =>
            {
                double v = r.GetValueOrDefault<double>();
                if (!double.IsFinite(v) || v <= -1 || v > 10)
                    r.AddError($"{rate.Name} must be an annual rate above -1 and at most 10 (got {v})");
            });
        }
        var cmd = new Command("report", """
            Computes per-alpha and portfolio metrics from the journal (empyrical's conventions: 252 periods a year by
            default, ddof 1, NaN skipped; --periods-per-year, --risk-free and --required-return change them, and every
            figure's convention is named in the report),
            the correlation matrix of the alphas' daily returns, and writes logs/<session>/results_detailed.json
            (schema: docs/results.md) and logs/<session>/report.html (charts, metrics, trades), with the replay verdict when
            qps replay has run.
            Example: qps report --session demo
            """)
        {
            session, logs, periods, riskFree, required, chartSymbol, benchmark,
        };
        cmd.SetAction(parse =>
        {
            string id = parse.GetValue(session)!;
            string logsDir = parse.GetValue(logs)!;
            string journal = Sessions.JournalDirectory(logsDir, id);
            if (!Directory.Exists(journal))
            {
                Console.Error.WriteLine($"error: no journal for session '{id}' ({journal} does not exist)");
                return ExitCodes.BadUsage;
            }
            SessionAnalysis analysis;
            try
            {
                analysis = SessionAnalysis.FromJournal(journal, new MetricOptions(parse.GetValue(periods)!, parse.GetValue(riskFree), parse.GetValue(required)), parse.GetValue(chartSymbol), parse.GetValue(benchmark));
            }
            catch (JournalCorruptException e)
            {
                Console.Error.WriteLine($"error: the journal is damaged: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
            if (analysis.Manifest.Session != id)
            {
                Console.Error.WriteLine(Sessions.ForeignJournal(journal, analysis.Manifest.Session, id));
                return ExitCodes.VerificationFailed;
            }
            var path = Path.Combine(Sessions.Directory(logsDir, id), "results_detailed.json");
            ReplaySummary? replay;
            RunThroughput? run;
            try
            {
                replay = ReplaySummary.FromResultsFile(Path.Combine(Sessions.Directory(logsDir, id), "results.json"))?.CheckedAgainst(analysis.StreamDigest);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}; run qps replay --session {id} to write it again");
                return ExitCodes.VerificationFailed;
            }
            try
            {
                run = RunFile.Read(Sessions.Directory(logsDir, id)); // read before anything is written
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.VerificationFailed;
            }
            DetailedResults.Write(analysis, replay, path);
            Console.WriteLine($"qps report: session {id}, {analysis.Records:N0} records");
            Console.WriteLine($"  {"",-13} {"return",9} {"CAGR",10} {"vol",8} {"Sharpe",8} {"Sortino",8} {"maxDD",8} {"trips",7} {"win",6} {"PF",6}");
            foreach (var a in analysis.Alphas.Append(analysis.Portfolio))
            {
                var m = a.Returns;
                var t = a.Trades;
                string star = m.Reliable ? " " : "*";
                Console.WriteLine($"  {a.Name,-13} {m.TotalReturn,9:P2} {m.Cagr,9:P0}{(m.CagrReliable ? " " : "*")} {m.AnnualVolatility,7:P1}{star} {Figures.Ratio(m.Sharpe, "F2"),7}{star} {Figures.Ratio(m.Sortino, "F2"),7}{star} {m.MaxDrawdown,8:P2} {t.RoundTrips,7:N0} {t.WinRate,6:P0} {Figures.Ratio(t.ProfitFactor, "F2"),6}");
            }
            if (analysis.Portfolio.Returns.ReliabilityNote is { } note)
                Console.WriteLine($"  * {note}");
            Console.WriteLine($"  conventions: {analysis.Conventions.Describe()}");
            Console.WriteLine("  correlations of daily returns:");
            for (int i = 0; i < analysis.Alphas.Count; i++)
            {
                var row = Enumerable.Range(0, analysis.Alphas.Count).Select(j => analysis.Correlations[i, j]);
                Console.WriteLine($"    {analysis.Alphas[i].Name,-13} {string.Join(" ", row.Select(c => Figures.Signed(c).PadLeft(6)))}");
            }
            var htmlPath = Path.Combine(Sessions.Directory(logsDir, id), "report.html");
            HtmlReport.Write(analysis, replay, htmlPath, run);
            Console.WriteLine($"  replay   {replay?.Verdict switch
            {
                null => "not run (qps replay --session " + id + ")",
                "PARTIAL" => "PARTIAL: every record the journal holds matched, but the journal does not end with the session's end",
                "STALE" => $"STALE: results.json verified a journal with digest {replay.LiveDigest}; the journal now has {analysis.StreamDigest:x16} (run qps replay --session {id} again)",
                var v => v,
            }}");
            Console.WriteLine($"  report   {Path.GetFullPath(htmlPath)}");
            Console.WriteLine($"  written  {Path.GetFullPath(path)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>A rate as written with a decimal point ("0,04" is not 4: no thousands separators, no culture).</summary>
    private static double Rate(System.CommandLine.Parsing.ArgumentResult r)
    {
        string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
            return v;
        r.AddError($"'{text}' is not a rate: write a number with a decimal point (0.04 for 4 %)");
        return 0;
    }
}
