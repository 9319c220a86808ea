using System.Globalization;
using System.Net;
using System.Text;

namespace QpsFast.Sweep;

/// <summary>
/// sweep.html: a self-contained page (no script, no external file): the plan and data, a heatmap of the chosen metric
/// over the first two varied parameters (the best value over the others in each cell), and the best trials.
/// </summary>
public static class SweepHtml
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Returns the page.</summary>
    public static string Render(SweepResults r)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>qps sweep</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;font-size:13px}th{background:#f3f3f3}.l{text-align:left}")
            .Append(".note{color:#666;font-size:13px;max-width:1100px}h2{border-bottom:1px solid #ddd;padding-bottom:4px}</style></head><body>");
        int failed = r.Trials.Count(t => t.Error is not null);
        html.Append("<h1>qps sweep</h1><p>").Append(r.Trials.Count.ToString("N0", s_inv)).Append(" trials")
            .Append(r.Shard is { } s ? $" (shard {s.Index}/{s.Count} of {r.TrialsTotal:N0})" : "")
            .Append(failed > 0 ? $", {failed:N0} failed" : "").Append(" · ranked by <b>").Append(Esc(r.Book)).Append(' ').Append(Esc(r.Metric)).Append("</b> · data: ")
            .Append(Esc(string.Join(" ", r.Data.Sources))).Append(r.Data.Sources is ["synthetic"] ? $" ({r.Data.Days} days, {r.Data.SymbolCount} symbols, seed {r.Data.Seed})" : "")
            .Append(", ").Append(r.Data.Records.ToString("N0", s_inv)).Append(" records · plan ").Append(SweepResults.Hex(r.Plan.Hash())).Append("</p>");
        if (r.ReliabilityNote() is { } note)
            html.Append("<p class=\"note\" id=\"reliability\"><b>Note:</b> ").Append(Esc(note)).Append(".</p>");
        html.Append("<h2 id=\"parameters\">Parameters</h2><table><tr><th class=\"l\">path</th><th class=\"l\">values</th></tr>");
        foreach (var p in r.Plan.Parameters)
            html.Append("<tr><td class=\"l\">").Append(Esc(p.Path)).Append("</td><td class=\"l\">").Append(Esc(Shorten(p.Values))).Append("</td></tr>");
        html.Append("</table>");
        if (r.Plan.Random > 0)
            html.Append("<div class=\"note\">").Append(r.Plan.Random).Append(" grid points drawn at random (seed ").Append(r.Plan.RandomSeed).Append(").</div>");
        if (r.Plan.Parameters.Count >= 2)
            Heatmap(html, r);
        else
            html.Append("<div class=\"note\" id=\"heatmap\">A heatmap needs two varied parameters; the table below ranks the trials.</div>");
        html.Append("<h2 id=\"best\">Best trials</h2><table><tr><th>#</th><th>trial</th>");
        foreach (var p in r.Plan.Parameters)
            html.Append("<th>").Append(Esc(p.Path)).Append("</th>");
        foreach (var m in BookMetrics.Names)
            html.Append("<th>").Append(Esc(m)).Append("</th>");
        html.Append("<th>digest</th></tr>");
        int rank = 1;
        foreach (var t in r.Ranked().Take(25))
        {
            html.Append("<tr><td>").Append(rank++).Append("</td><td>").Append(t.Trial).Append("</td>");
            for (int i = 0; i < r.Plan.Parameters.Count; i++)
                html.Append("<td>").Append(Esc(r.Plan.Parameters[i].Values[t.Point[i]])).Append("</td>");
            var b = t.Book(r.Book);
            foreach (var m in BookMetrics.Names)
                html.Append("<td>").Append(b is null ? "" : Figure(b[m])).Append("</td>");
            html.Append("<td class=\"l\">").Append(t.Error is null ? SweepResults.Hex(t.Digest) : "failed: " + Esc(t.Error)).Append("</td></tr>");
        }
        html.Append("</table><div class=\"note\">Figures of the ").Append(Esc(r.Book)).Append(" book; every book's are in sweep.csv and sweep.json. ")
            .Append("The best of many trials is partly selection: judge it out of sample (walk-forward) before trusting it. ")
            .Append("`qps sweep --rerun DIR --trial K` re-runs a trial with a journal and confirms its digest.</div></body></html>");
        return html.ToString();
    }

    private static void Heatmap(StringBuilder html, SweepResults r)
    {
        var (rows, cols) = (r.Plan.Parameters[0], r.Plan.Parameters[1]);
        var cells = new double[rows.Values.Count, cols.Values.Count];
        for (int i = 0; i < rows.Values.Count; i++)
            for (int j = 0; j < cols.Values.Count; j++)
                cells[i, j] = double.NaN;
        foreach (var t in r.Trials)
        {
            double v = r.Score(t);
            ref double cell = ref cells[t.Point[0], t.Point[1]];
            if (!double.IsNegativeInfinity(v) && (double.IsNaN(cell) || v > cell))
                cell = v;
        }
        var finite = cells.Cast<double>().Where(double.IsFinite).ToArray();
        double lo = finite.Length > 0 ? finite.Min() : 0, hi = finite.Length > 0 ? finite.Max() : 0;
        html.Append("<h2 id=\"heatmap\">").Append(Esc(r.Book)).Append(' ').Append(Esc(r.Metric)).Append(" by ").Append(Esc(rows.Path)).Append(" and ").Append(Esc(cols.Path)).Append("</h2>");
        html.Append("<table><tr><th>").Append(Esc(rows.Path)).Append(" \\ ").Append(Esc(cols.Path)).Append("</th>");
        foreach (var c in cols.Values)
            html.Append("<th>").Append(Esc(c)).Append("</th>");
        html.Append("</tr>");
        for (int i = 0; i < rows.Values.Count; i++)
        {
            html.Append("<tr><th>").Append(Esc(rows.Values[i])).Append("</th>");
            for (int j = 0; j < cols.Values.Count; j++)
            {
                double v = cells[i, j];
                if (!double.IsFinite(v))
                {
                    html.Append("<td></td>");
                    continue;
                }
                // Red (worst) to green (best) through pale yellow.
                double k = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                int red = (int)(k < 0.5 ? 230 : 230 - (k - 0.5) * 2 * 150), green = (int)(k < 0.5 ? 90 + k * 2 * 140 : 230);
                html.Append("<td style=\"background:rgb(").Append(red).Append(',').Append(green).Append(",120)\">").Append(Figure(v)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table><div class=\"note\">Each cell: ").Append(Esc(r.Metric)).Append(" of the ").Append(Esc(r.Book)).Append(" book")
            .Append(r.Plan.Parameters.Count > 2 ? ", the best over the other parameters' values" : "")
            .Append("; empty where no trial ran (a random draw) or the figure is undefined. Red is the worst, green the best.</div>");
    }

    private static string Figure(double v) =>
        !double.IsFinite(v) ? (double.IsNaN(v) ? "—" : v > 0 ? "∞" : "−∞") : Math.Abs(v) >= 1000 ? v.ToString("N0", s_inv) : (Math.Round(v, 4) + 0.0).ToString("0.####", s_inv); // + 0.0: no "-0" for a tiny loss

    private static string Shorten(IReadOnlyList<string> values) =>
        values.Count <= 12 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(5))}, … {string.Join(", ", values.TakeLast(2))} ({values.Count} values)";

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
