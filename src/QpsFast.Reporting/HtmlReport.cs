using System.Globalization;
using System.Net;
using System.Text;
using QpsFast.Engine.Config;
using QpsFast.Engine.IO;

namespace QpsFast.Reporting;

/// <summary>
/// Writes <c>report.html</c>: one self-contained file (inline SVG charts drawn with ScottPlot, inline CSS, no
/// scripts) with the replay verdict, metrics, equity curves per alpha and in total, the portfolio's drawdown, the
/// alphas' correlation heatmap, net position per symbol over time, the last trades, and the run's metadata.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the report to <paramref name="path"/> (under a temporary name, then renamed).</summary>
    public static void Write(SessionAnalysis a, ReplaySummary? replay, string path, RunThroughput? throughput = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>QpsFast report: ")
            .Append(Esc(a.Manifest.Session)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1280px}h1{margin:0 0 8px}h2{margin-top:28px;border-bottom:1px solid #ddd}")
            .Append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}")
            .Append(".banner{padding:12px 16px;border-radius:6px;font-weight:600;font-size:18px;margin:12px 0}.pass{background:#e3f6e5;color:#11632a}.fail{background:#fde4e4;color:#8a1c1c}.none{background:#eee}")
            .Append("td.unreliable{color:#999;font-style:italic}.note{color:#777;font-size:12px;margin-top:4px}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:12px}.chart svg image{image-rendering:pixelated}.chart{border:1px solid #eee}pre{background:#f7f7f7;padding:8px;font-size:12px;overflow:auto;max-height:320px}")
            .Append("</style></head><body>");
        html.Append("<h1>QpsFast session ").Append(Esc(a.Manifest.Session)).Append("</h1>");
        html.Append("<div>").Append(a.Records.ToString("N0", s_inv)).Append(" records · ").Append(a.Manifest.Symbols.Count.ToString(s_inv))
            .Append(" symbols (").Append(Esc(string.Join(", ", a.Manifest.Symbols))).Append(") · seed ").Append(a.Manifest.Seed.ToString(s_inv))
            .Append(" · topology ").Append(Esc(a.Manifest.Topology))
            .Append(a.Manifest.Venue is { } venue ? " · traded with the venue at " + Esc(venue) + " (fills are its execution reports)" : "").Append("</div>");
        string cls = replay is null ? "none" : replay.Verdict == "PASS" ? "pass" : "fail";
        html.Append("<div class=\"banner ").Append(cls).Append("\">Replay verification: ")
            .Append(replay is null ? "not run (qps replay --session " + Esc(a.Manifest.Session) + ")" : replay.Verdict + (replay.Verdict switch
            {
                "PASS" => " — every record identical, byte for byte",
                "STALE" => " — the journal changed after this replay: its verdict no longer applies (run qps replay again)",
                "PARTIAL" => " — every record the journal holds is identical, but the journal does not end with the session's end (cut short)",
                _ => $" — {replay.Mismatches:N0} mismatched records",
            }))
            .Append("</div>");

        html.Append("<h2>Metrics</h2><table><tr><th class=\"l\">alpha</th><th>P&amp;L</th><th>return</th><th>CAGR</th><th>volatility</th><th>Sharpe</th><th title=\"Sharpe of the mark-to-mark (hourly by default) returns, annualized over the periods a year × marks a day: better sampled on a short run\">Sharpe (marks)</th><th>Sortino</th><th>max DD</th><th>DD days</th><th>Calmar</th><th>round trips</th><th>win rate</th><th>profit factor</th><th>expectancy</th><th>turnover</th><th>exposure</th></tr>");
        foreach (var r in a.Alphas.Append(a.Portfolio))
        {
            var m = r.Returns;
            var t = r.Trades;
            html.Append("<tr><td class=\"l\">").Append(Esc(r.Name)).Append("</td>")
                .Append(Td(r.FinalEquity - r.InitialCapital, "N2")).Append(Td(m.TotalReturn, "P2")).Append(Td(m.Cagr, "P1", m.CagrReliable, m.ReliabilityNote)).Append(Td(m.AnnualVolatility, "P1", m.Reliable, m.ReliabilityNote))
                .Append(Td(m.Sharpe, "F2", m.Reliable, m.ReliabilityNote)).Append(Td(r.IntervalSharpe, "F2", r.IntervalReturns >= ReturnMetrics.MinimumPeriods, $"{r.IntervalReturns} mark-to-mark returns")).Append(Td(m.Sortino, "F2", m.Reliable, m.ReliabilityNote)).Append(Td(m.MaxDrawdown, "P2")).Append(Td(m.MaxDrawdownDuration, "N0")).Append(Td(m.Calmar, "F2", m.Reliable, m.ReliabilityNote))
                .Append(Td(t.RoundTrips, "N0")).Append(Td(t.WinRate, "P1")).Append(Td(t.ProfitFactor, "F2")).Append(Td(t.Expectancy, "N2"))
                .Append(Td(r.Turnover, "F1")).Append(Td(r.Exposure, "P0")).Append("</tr>");
        }
        html.Append("</table>");
        if (a.Portfolio.Returns.ReliabilityNote is { } note)
            html.Append("<div class=\"note\">Greyed figures are not reliable: ").Append(Esc(note)).Append(".</div>");
        html.Append("<h2>Risk</h2><table><tr><th class=\"l\">alpha</th><th>downside risk</th><th>Omega</th><th>tail ratio</th><th>stability</th><th>VaR 95 %</th><th>CVaR 95 %</th><th title=\"against buy and hold of the benchmark symbol, annualized\">alpha</th><th>beta</th></tr>");
        foreach (var r in a.Alphas.Append(a.Portfolio))
        {
            var m = r.Returns;
            html.Append("<tr><td class=\"l\">").Append(Esc(r.Name)).Append("</td>")
                .Append(Td(m.DownsideRisk, "P1", m.Reliable, m.ReliabilityNote)).Append(Td(m.Omega, "F2", m.Reliable, m.ReliabilityNote)).Append(Td(m.TailRatio, "F2", m.Reliable, m.ReliabilityNote))
                .Append(Td(m.Stability, "F2", m.Reliable, m.ReliabilityNote)).Append(Td(m.ValueAtRisk, "P2", m.Reliable, m.ReliabilityNote)).Append(Td(m.ConditionalValueAtRisk, "P2", m.Reliable, m.ReliabilityNote))
                .Append(Td(r.Alpha, "P1", m.Reliable, m.ReliabilityNote)).Append(Td(r.Beta, "F2", m.Reliable, m.ReliabilityNote)).Append("</tr>");
        }
        html.Append("</table><div class=\"note\" id=\"conventions\">Conventions: ").Append(Esc(a.Conventions.Describe()))
            .Append(". Omega around the risk-free rate; VaR and CVaR are historical, on the period returns; alpha and beta against buy and hold of ")
            .Append(Esc(a.Manifest.Symbols[a.BenchmarkSymbol])).Append(" (qps report --benchmark SYMBOL) (docs/results.md).</div>");

        html.Append("<h2>Equity</h2><div class=\"charts\">");
        html.Append(Chart(EquityPlot(a.Alphas, "Equity per alpha"), 620, 340));
        html.Append(Chart(EquityPlot([a.Portfolio], "Portfolio equity"), 620, 340));
        html.Append("</div><h2>Drawdown</h2><div class=\"charts\">").Append(Chart(DrawdownPlot(a.Portfolio), 1252, 260)).Append("</div>");
        html.Append("<h2>Correlations between alphas</h2><div class=\"charts\">")
            .Append(Chart(HeatmapPlot(a, a.Correlations, $"Daily returns ({a.Portfolio.Returns.Periods} days)"), 520, 440))
            .Append(Chart(HeatmapPlot(a, a.IntervalCorrelations, $"Mark-to-mark returns ({a.Manifest.Settings.Portfolio.MarkIntervalMinutes} min)"), 520, 440))
            .Append("</div><p>Colours run from blue (ρ = −1) to red (ρ = +1). Few days give few daily observations; the mark-to-mark view is the better-sampled one.</p>")
            .Append(CorrelationTable(a));
        html.Append("<h2>Net position per symbol</h2><div class=\"charts\">").Append(Chart(PositionPlot(a), 1252, 320)).Append("</div>");
        TearsheetHtml.Append(html, a);

        html.Append("<h2>Last trades</h2><table><tr><th>sequence</th><th class=\"l\">time (UTC)</th><th class=\"l\">alpha</th><th class=\"l\">symbol</th><th>quantity</th><th>price</th><th>fee</th></tr>");
        foreach (var f in a.LastFills.Reverse().Take(50))
        {
            html.Append("<tr>").Append(Td(f.Sequence, "N0")).Append("<td class=\"l\">").Append(Time(f.TimeNs)).Append("</td><td class=\"l\">").Append(Esc(f.Alpha))
                .Append("</td><td class=\"l\">").Append(Esc(f.Symbol)).Append("</td>").Append(Td(f.Quantity, "N2")).Append(Td(f.Price, "N4")).Append(Td(f.Fee, "N4")).Append("</tr>");
        }
        html.Append("</table>");

        html.Append("<h2>Run</h2><table>");
        Row(html, "configuration hash", a.Manifest.Settings.Hash().ToString("x16", s_inv));
        Row(html, "live digest", replay?.LiveDigest ?? "—");
        Row(html, "replay digest", replay?.ReplayDigest ?? "—");
        Row(html, "records", a.Records.ToString("N0", s_inv));
        Row(html, "live throughput", throughput is null ? "— (no live.json in the session)" :
            $"{throughput.InputsPerSecond:N0} inputs/s ({throughput.Inputs:N0} inputs in {throughput.ElapsedMs:N0} ms, {throughput.Topology})");
        html.Append("</table><pre>").Append(Esc(EngineConfig.ToJson(a.Manifest.Settings))).Append("</pre>");
        html.Append("</body></html>");

        AtomicFile.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(html.ToString())));
    }

    private static ScottPlot.Plot EquityPlot(IEnumerable<AlphaReport> reports, string title)
    {
        var plot = new ScottPlot.Plot();
        long t0 = reports.SelectMany(r => r.EquityCurve).Select(p => p.TimeNs).DefaultIfEmpty(0).Min();
        foreach (var r in reports)
        {
            if (r.EquityCurve.Count == 0)
                continue;
            var xs = r.EquityCurve.Select(p => (p.TimeNs - t0) / 86_400e9).ToArray();
            var ys = r.EquityCurve.Select(p => p.Equity).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = r.Name;
            line.LineWidth = 1.5f;
        }
        plot.Title(title);
        plot.XLabel("days");
        plot.YLabel("equity");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return plot;
    }

    private static ScottPlot.Plot DrawdownPlot(AlphaReport portfolio)
    {
        var plot = new ScottPlot.Plot();
        var curve = portfolio.EquityCurve;
        if (curve.Count > 0)
        {
            long t0 = curve[0].TimeNs;
            double peak = double.MinValue;
            var xs = new double[curve.Count];
            var ys = new double[curve.Count];
            for (int i = 0; i < curve.Count; i++)
            {
                peak = Math.Max(peak, curve[i].Equity);
                xs[i] = (curve[i].TimeNs - t0) / 86_400e9;
                ys[i] = 100 * (curve[i].Equity / peak - 1);
            }
            var line = plot.Add.ScatterLine(xs, ys);
            line.FillY = true;
            line.FillYColor = ScottPlot.Colors.Red.WithAlpha(0.25);
            line.Color = ScottPlot.Colors.Red;
        }
        plot.Title("Portfolio drawdown from peak (%)");
        plot.XLabel("days");
        return plot;
    }

    private static ScottPlot.Plot HeatmapPlot(SessionAnalysis a, double[,] correlations, string title)
    {
        // Discrete cells (rectangles), not a bitmap heatmap: ScottPlot's SVG heatmap is an interpolated image.
        int n = a.Alphas.Count;
        var plot = new ScottPlot.Plot();
        var colormap = new ScottPlot.Colormaps.MellowRainbow();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double c = correlations[i, j];
                double y = n - 1 - i;
                var rect = plot.Add.Rectangle(j - 0.5, j + 0.5, y - 0.5, y + 0.5);
                rect.FillColor = double.IsNaN(c) ? ScottPlot.Colors.LightGray : colormap.GetColor((c + 1) / 2);
                rect.LineColor = ScottPlot.Colors.White;
                var label = plot.Add.Text(double.IsNaN(c) ? "n/a" : Figures.Signed(c), j, y);
                label.Alignment = ScottPlot.Alignment.MiddleCenter;
                label.LabelFontSize = 13;
            }
        }
        var ticks = Enumerable.Range(0, n).Select(i => new ScottPlot.Tick(i, a.Alphas[i].Name)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => new ScottPlot.Tick(n - 1 - t.Position, t.Label)).ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title(title);
        return plot;
    }

    private static ScottPlot.Plot PositionPlot(SessionAnalysis a)
    {
        var plot = new ScottPlot.Plot();
        if (a.Positions.Count > 0)
        {
            long t0 = a.Positions[0].TimeNs;
            var xs = a.Positions.Select(p => (p.TimeNs - t0) / 86_400e9).ToArray();
            for (int s = 0; s < a.Manifest.Symbols.Count; s++)
            {
                var line = plot.Add.ScatterLine(xs, a.Positions.Select(p => p.Positions[s]).ToArray());
                line.LegendText = a.Manifest.Symbols[s];
                line.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
            }
        }
        plot.Title("Net position per symbol (units, at each mark)");
        plot.XLabel("days");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return plot;
    }

    private static string CorrelationTable(SessionAnalysis a)
    {
        var sb = new StringBuilder("<table><tr><th></th>");
        foreach (var r in a.Alphas)
            sb.Append("<th>").Append(Esc(r.Name)).Append("</th>");
        sb.Append("</tr>");
        for (int i = 0; i < a.Alphas.Count; i++)
        {
            sb.Append("<tr><th class=\"l\">").Append(Esc(a.Alphas[i].Name)).Append("</th>");
            for (int j = 0; j < a.Alphas.Count; j++)
                sb.Append("<td>").Append(Figures.Signed(a.Correlations[i, j])).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    internal static string Chart(ScottPlot.Plot plot, int width, int height)
    {
        string svg = plot.GetSvgXml(width, height);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return "<div class=\"chart\">" + (start >= 0 ? svg[start..] : svg) + "</div>";
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th class=\"l\">").Append(Esc(name)).Append("</th><td class=\"l\">").Append(Esc(value)).Append("</td></tr>");

    internal static string Td(double v, string format) => "<td>" + Show(v, format) + "</td>";

    // Undefined is a dash; a ratio with nothing below the line (a Sortino with no losing day) is infinite, shown so.
    private static string Show(double v, string format) =>
        double.IsFinite(v) ? v.ToString(format, s_inv) : double.IsNaN(v) ? "—" : v > 0 ? "∞" : "−∞";

    /// <summary>A figure that may rest on too few observations: greyed, with the reason as its tooltip.</summary>
    private static string Td(double v, string format, bool reliable, string? note) =>
        reliable ? Td(v, format) : $"<td class=\"unreliable\" title=\"{Esc(note ?? "not reliable")}\">" + (double.IsNaN(v) ? "—" : Show(v, format) + "*") + "</td>";

    internal static string Time(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss", s_inv);

    internal static string Esc(string s) => WebUtility.HtmlEncode(s);
}
