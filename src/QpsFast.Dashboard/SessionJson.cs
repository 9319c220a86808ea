using System.Text.Json;

namespace QpsFast.Dashboard;

/// <summary>The JSON the pages draw: a session's summary (the sessions page) or all of it (the session page).</summary>
public static class SessionJson
{
    /// <summary>Writes <paramref name="tail"/> as one JSON object; <paramref name="full"/> adds curves, positions, tables and metrics. Returns the state written.</summary>
    public static string Write(Utf8JsonWriter w, SessionTail tail, bool full)
    {
        return tail.Read(t =>
        {
            w.WriteStartObject();
            w.WriteString("id", t.Id);
            w.WriteString("state", t.State);
            w.WriteString("verdict", SessionIndex.Verdict(t.Directory));
            if (t.Problem is { } problem)
                w.WriteString("problem", problem);
            else
                w.WriteNull("problem");
            var live = SessionIndex.ReadJson(Path.Combine(t.Directory, "live.json"));
            w.WriteString("digest", live is { } l && l.TryGetProperty("digest", out var d) ? d.GetString() : "");
            double rate = t.State == "running" ? t.InputsPerSecond : live is { } l2 && l2.TryGetProperty("inputs_per_second", out var r) ? r.GetDouble() : 0;
            w.WriteNumber("inputs_per_second", Math.Round(rate));
            w.WriteBoolean("report", File.Exists(Path.Combine(t.Directory, "report.html")));
            // A session against a venue: its tick-to-trade percentiles (latency.json, rewritten each second while it runs).
            if (SessionIndex.ReadJson(Path.Combine(t.Directory, "latency.json")) is { } latency && latency.TryGetProperty("orders", out var orders))
            {
                w.WriteStartObject("tick_to_trade");
                w.WriteNumber("orders", orders.GetInt64());
                foreach (var key in new[] { "p50", "p90", "p99", "p99_9", "max" })
                    w.WriteNumber(key + "_us", latency.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? Math.Round(v.GetDouble() / 1000, 1) : 0);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("tick_to_trade");
            }
            if (t.View is { } view)
            {
                if (full)
                {
                    view.Write(w);
                    WriteMetrics(w, t.Directory);
                }
                else
                {
                    w.WriteString("first_time", SessionView.FormatTime(view.FirstTimeNs));
                    w.WriteString("last_time", SessionView.FormatTime(view.LastTimeNs));
                    w.WriteNumber("records", view.Records);
                    w.WriteNumber("fills", view.Fills);
                    w.WriteNumber("pnl", QpsFast.Engine.Values.FixedPoint.ToDouble(view.PortfolioEquity - view.Capital * view.Books));
                    w.WriteString("symbols", string.Join(", ", view.Symbols));
                    w.WriteString("alphas", string.Join(", ", view.BookNames));
                }
            }
            w.WriteEndObject();
            return t.State;
        });
    }

    // The report's metrics once `qps report` (or `qps demo`) has written results_detailed.json.
    private static void WriteMetrics(Utf8JsonWriter w, string directory)
    {
        if (SessionIndex.ReadJson(Path.Combine(directory, "results_detailed.json")) is not { } detailed)
        {
            w.WriteNull("metrics");
            return;
        }
        string[] keys = ["final_equity", "total_return", "sharpe", "sortino", "max_drawdown", "win_rate", "profit_factor", "fills", "round_trips"];
        w.WriteStartArray("metrics");
        void Row(string name, JsonElement e)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            foreach (var k in keys)
            {
                if (e.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number)
                    w.WriteNumber(k, v.GetDouble());
                else
                    w.WriteNull(k);
            }
            w.WriteEndObject();
        }
        if (detailed.TryGetProperty("alphas", out var alphas) && alphas.ValueKind == JsonValueKind.Object)
            foreach (var a in alphas.EnumerateObject())
                Row(a.Name, a.Value);
        if (detailed.TryGetProperty("portfolio", out var p))
            Row("portfolio", p);
        w.WriteEndArray();
    }
}
