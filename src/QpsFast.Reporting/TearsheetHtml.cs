using System.Globalization;
using System.Text;

namespace QpsFast.Reporting;

/// <summary>
/// The tearsheet sections of report.html: monthly returns, the deepest drawdowns, rolling Sharpe, exposure over time,
/// each alpha's contribution, the round-trip P&amp;L histogram, and the fills on a symbol's price. Each section has an
/// id that <c>tools/check-report.sh</c> looks for.
/// </summary>
internal static class TearsheetHtml
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>The most fills drawn on the price chart (the last ones): more only blur the chart and swell the file.</summary>
    public const int MaxChartFills = 300;

    public static void Append(StringBuilder html, SessionAnalysis a)
    {
        MonthlyReturns(html, a);
        Drawdowns(html, a);
        html.Append("<h2 id=\"rolling-sharpe\">Rolling Sharpe</h2><div class=\"charts\">").Append(HtmlReport.Chart(RollingSharpePlot(a, out string label), 1252, 280))
            .Append("</div><div class=\"note\">").Append(HtmlReport.Esc(label)).Append("</div>");
        html.Append("<h2 id=\"exposure\">Exposure</h2><div class=\"charts\">").Append(HtmlReport.Chart(ExposurePlot(a), 1252, 280))
            .Append("</div><div class=\"note\">Gross: Σ |net position × last one-minute close| over symbols; net: Σ net position × close; at every portfolio mark, all alphas together.</div>");
        html.Append("<h2 id=\"contribution\">Contribution per alpha</h2><div class=\"charts\">").Append(HtmlReport.Chart(ContributionPlot(a), 620, 300))
            .Append(HtmlReport.Chart(HistogramPlot(a), 620, 300)).Append("</div><p id=\"trade-histogram\">Right: the round trips' P&amp;L (net of fees, attributed to their own symbol), all alphas, between the 1st and 99th percentiles (the trips beyond them count in the end bars).</p>");
        html.Append("<h2 id=\"fills-chart\">Fills on ").Append(HtmlReport.Esc(a.Manifest.Symbols[a.ChartSymbol])).Append("</h2><div class=\"charts\">")
            .Append(HtmlReport.Chart(FillsPlot(a), 1252, 360)).Append("</div><div class=\"note\">")
            .Append(a.ChartFills.Count > MaxChartFills ? $"The last {MaxChartFills:N0} of {a.ChartFills.Count:N0} fills, " : $"All {a.ChartFills.Count:N0} fills, ")
            .Append("on the one-minute closes over the span they cover; buys green ▲, sells red ▼, all alphas (qps report --chart-symbol NAME for another symbol).</div>");
    }

    private static void MonthlyReturns(StringBuilder html, SessionAnalysis a)
    {
        var months = Tearsheet.MonthlyReturns(a.Days, a.Portfolio.DailyReturns);
        html.Append("<h2 id=\"monthly\">Monthly returns</h2>");
        if (months.Count < 2)
        {
            html.Append("<div class=\"note\">The run spans ").Append(months.Count).Append(" calendar month(s): a monthly table needs two or more.</div>");
            return;
        }
        html.Append("<table><tr><th class=\"l\">year</th>");
        for (int m = 1; m <= 12; m++)
            html.Append("<th>").Append(CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m)).Append("</th>");
        html.Append("</tr>");
        foreach (var year in months.Select(m => m.Year).Distinct())
        {
            html.Append("<tr><th class=\"l\">").Append(year).Append("</th>");
            for (int m = 1; m <= 12; m++)
            {
                var cell = months.FirstOrDefault(x => x.Year == year && x.Month == m);
                if (cell.Year == 0)
                {
                    html.Append("<td></td>");
                    continue;
                }
                // Green for gains, red for losses, stronger with size (saturating at ±10 %).
                double k = Math.Min(1, Math.Abs(cell.Return) / 0.10);
                string colour = cell.Return >= 0 ? $"rgba(40,160,70,{0.15 + 0.6 * k:0.00})" : $"rgba(210,50,50,{0.15 + 0.6 * k:0.00})";
                html.Append("<td style=\"background:").Append(colour).Append("\">").Append(cell.Return.ToString("P1", s_inv)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static void Drawdowns(StringBuilder html, SessionAnalysis a)
    {
        html.Append("<h2 id=\"drawdowns\">Deepest drawdowns (portfolio)</h2><table><tr><th>#</th><th class=\"l\">peak</th><th class=\"l\">trough</th><th class=\"l\">recovery</th><th>depth</th><th>length</th></tr>");
        int i = 1;
        foreach (var e in Tearsheet.TopDrawdowns(a.Portfolio.EquityCurve))
        {
            html.Append("<tr><td>").Append(i++).Append("</td><td class=\"l\">").Append(HtmlReport.Time(e.PeakNs)).Append("</td><td class=\"l\">").Append(HtmlReport.Time(e.TroughNs))
                .Append("</td><td class=\"l\">").Append(e.RecoveryNs is { } r ? HtmlReport.Time(r) : "not recovered").Append("</td>")
                .Append(HtmlReport.Td(e.Depth, "P2")).Append("<td>").Append(e.Length.TotalDays.ToString("0.00", s_inv)).Append(" days</td></tr>");
        }
        html.Append("</table>");
    }

    private static double[] Days(IEnumerable<long> times, long t0) => [.. times.Select(t => (t - t0) / 86_400e9)];

    private static ScottPlot.Plot RollingSharpePlot(SessionAnalysis a, out string label)
    {
        var plot = new ScottPlot.Plot();
        var (window, points) = Tearsheet.RollingSharpe(a);
        label = $"Sharpe of the portfolio's mark-to-mark returns over a trailing window of {window} marks (a day), annualized over {a.IntervalConventions.PeriodsName}.";
        if (points.Count > 0)
        {
            long t0 = a.Portfolio.EquityCurve[0].TimeNs;
            plot.Add.ScatterLine(Days(points.Select(p => p.TimeNs), t0), points.Select(p => p.Sharpe).ToArray());
        }
        plot.Title("Rolling Sharpe (portfolio, one-day window of marks)");
        plot.XLabel("days");
        return plot;
    }

    private static ScottPlot.Plot ExposurePlot(SessionAnalysis a)
    {
        var plot = new ScottPlot.Plot();
        var e = a.ExposureCurve;
        if (e.Count > 0)
        {
            var xs = Days(e.Select(p => p.TimeNs), e[0].TimeNs);
            var gross = plot.Add.ScatterLine(xs, e.Select(p => p.Gross).ToArray());
            gross.LegendText = "gross";
            var net = plot.Add.ScatterLine(xs, e.Select(p => p.Net).ToArray());
            net.LegendText = "net";
        }
        plot.Title("Exposure (money, all alphas)");
        plot.XLabel("days");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return plot;
    }

    private static ScottPlot.Plot ContributionPlot(SessionAnalysis a)
    {
        var plot = new ScottPlot.Plot();
        var pnl = a.Alphas.Select(r => r.FinalEquity - r.InitialCapital).ToArray();
        for (int i = 0; i < pnl.Length; i++)
            plot.Add.Bar(new ScottPlot.Bar { Position = i, Value = pnl[i], FillColor = pnl[i] >= 0 ? ScottPlot.Colors.SeaGreen : ScottPlot.Colors.IndianRed });
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            a.Alphas.Select((r, i) => new ScottPlot.Tick(i, r.Name)).ToArray());
        plot.Title($"P&L per alpha (portfolio {a.Portfolio.FinalEquity - a.Portfolio.InitialCapital:N2})");
        return plot;
    }

    private static ScottPlot.Plot HistogramPlot(SessionAnalysis a)
    {
        var plot = new ScottPlot.Plot();
        var trips = a.Alphas.SelectMany(r => r.TripPnlRaw).Select(QpsFast.Engine.Values.FixedPoint.ToDouble).ToList();
        // The 1st to 99th percentile: a few outliers would squeeze every other trip into one bar; they count in the end bins.
        var (lower, counts, width) = Tearsheet.Histogram(trips, 25, ReturnStatistics.Percentile([.. trips], 1), ReturnStatistics.Percentile([.. trips], 99));
        for (int i = 0; i < counts.Length; i++)
        {
            double centre = lower[i] + width / 2;
            plot.Add.Bar(new ScottPlot.Bar
            {
                Position = centre,
                Value = counts[i],
                Size = width * 0.95,
                FillColor = centre >= 0 ? ScottPlot.Colors.SeaGreen : ScottPlot.Colors.IndianRed,
            });
        }
        plot.Title($"Round-trip P&L ({trips.Count:N0} trips)");
        plot.XLabel("P&L per round trip");
        plot.YLabel("trips");
        return plot;
    }

    private static ScottPlot.Plot FillsPlot(SessionAnalysis a)
    {
        var plot = new ScottPlot.Plot();
        var fills = a.ChartFills.Skip(Math.Max(0, a.ChartFills.Count - MaxChartFills)).ToList();
        // The chart zooms to the span of the fills it shows (the last MaxChartFills), so that each one can be seen.
        long from = fills.Count > 0 ? fills[0].TimeNs : long.MinValue, to = fills.Count > 0 ? fills[^1].TimeNs : long.MaxValue;
        var prices = a.ChartPrices.Where(p => p.TimeNs >= from && p.TimeNs <= to).ToList();
        long t0 = a.ChartPrices.Count > 0 ? a.ChartPrices[0].TimeNs : from;
        if (prices.Count > 0)
        {
            // At most about 4,000 points: one close in every step, so a long run's chart stays a few hundred KB.
            int step = Math.Max(1, (prices.Count + 3_999) / 4_000);
            var shown = prices.Where((_, i) => i % step == 0).ToList();
            var line = plot.Add.ScatterLine(Days(shown.Select(p => p.TimeNs), t0), shown.Select(p => p.Close).ToArray());
            line.LegendText = "close";
            line.Color = ScottPlot.Colors.Gray;
        }
        foreach (var (side, colour, shape) in new[] { (1, ScottPlot.Colors.Green, ScottPlot.MarkerShape.FilledTriangleUp), (-1, ScottPlot.Colors.Red, ScottPlot.MarkerShape.FilledTriangleDown) })
        {
            var these = fills.Where(f => Math.Sign(f.Quantity) == side).ToList();
            if (these.Count == 0)
                continue;
            var markers = plot.Add.ScatterPoints(Days(these.Select(f => f.TimeNs), t0), these.Select(f => f.Price).ToArray());
            markers.Color = colour.WithAlpha(0.7);
            markers.MarkerShape = shape;
            markers.MarkerSize = 7;
            markers.LegendText = side > 0 ? "buy" : "sell";
        }
        plot.Title($"{a.Manifest.Symbols[a.ChartSymbol]}: price and fills");
        plot.XLabel("days since the start");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return plot;
    }
}
