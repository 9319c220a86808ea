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
            // The files beside the journal are read as qps writes them; one that is not is left out, never an error page.
            var live = SessionIndex.ReadJson(Path.Combine(t.Directory, "live.json"));
            w.WriteString("digest", SessionIndex.Text(live, "digest") ?? "");
            double rate = t.State == "running" ? t.InputsPerSecond : SessionIndex.Number(live, "inputs_per_second") ?? 0;
            w.WriteNumber("inputs_per_second", Math.Round(rate));
            w.WriteBoolean("report", File.Exists(Path.Combine(t.Directory, "report.html")));
            // A session against a venue: its tick-to-trade percentiles (latency.json, rewritten each second while it runs).
            var latency = SessionIndex.ReadJson(Path.Combine(t.Directory, "latency.json"));
            if (SessionIndex.Number(latency, "orders") is { } orders)
            {
                w.WriteStartObject("tick_to_trade");
                w.WriteNumber("orders", orders);
                foreach (var key in new[] { "p50", "p90", "p99", "p99_9", "max" })
                    w.WriteNumber(key + "_us", Math.Round((SessionIndex.Number(latency, key) ?? 0) / 1000, 1));
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
        if (SessionIndex.ReadJson(Path.Combine(directory, "results_detailed.json")) is not { ValueKind: JsonValueKind.Object } detailed)
        {
            w.WriteNull("metrics");
            return;
        }
        string[] keys = ["final_equity", "total_return", "sharpe", "sortino", "max_drawdown", "win_rate", "profit_factor", "fills", "round_trips"];
        w.WriteStartArray("metrics");
        void Row(string name, JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object)
                return;
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
