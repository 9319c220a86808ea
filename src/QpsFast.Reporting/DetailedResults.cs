using System.Text.Json;
using QpsFast.Engine.Config;
using QpsFast.Engine.IO;
using QpsFast.Journal;
using QpsFast.Replay;

namespace QpsFast.Reporting;

/// <summary>The replay verdict included in results_detailed.json.</summary>
public sealed record ReplaySummary(string Verdict, string LiveDigest, string ReplayDigest, long Mismatches)
{
    /// <summary>Returns the summary of a replay result.</summary>
    public static ReplaySummary Of(ReplayResult r) => new(r.Verdict,
        r.LiveDigest.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), r.ReplayDigest.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), r.Mismatches);

    /// <summary>Reads the summary from a results.json written by qps replay, or returns null if there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a results.json qps wrote: the message names it.</exception>
    public static ReplaySummary? FromResultsFile(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var digests = root.GetProperty("digests");
            return new ReplaySummary(root.GetProperty("verdict").GetString() ?? "FAIL", digests.GetProperty("live").GetString() ?? "",
                digests.GetProperty("replay").GetString() ?? "", root.GetProperty("events").GetProperty("mismatched_records").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a results.json written by qps replay ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>
    /// Returns this summary, or a STALE one when the journal on disk no longer has the digest the replay checked
    /// (the journal was changed, repaired or replaced after the replay).
    /// </summary>
    public ReplaySummary CheckedAgainst(ulong? journalDigest) =>
        journalDigest is { } d && !string.Equals(LiveDigest, d.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? this with { Verdict = "STALE" }
            : this;
}

/// <summary>Writes <c>results_detailed.json</c> (schema in docs/results.md).</summary>
public static class DetailedResults
{
    /// <summary>Writes the analysis (and the replay verdict, when one exists) to <paramref name="path"/> atomically.</summary>
    public static void Write(SessionAnalysis a, ReplaySummary? replay, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("session", a.Manifest.Session);
            w.WriteString("schema", "qpsfast.results_detailed/1");
            w.WriteStartObject("conventions");
            w.WriteNumber("periods_per_year", a.Conventions.PeriodsPerYear);
            w.WriteString("periods", a.Conventions.PeriodsName);
            w.WriteNumber("risk_free_per_period", a.Conventions.RiskFreePerPeriod);
            w.WriteNumber("required_return_per_period", a.Conventions.RequiredReturnPerPeriod);
            w.WriteString("description", a.Conventions.Describe());
            w.WriteString("benchmark", $"buy and hold of {a.Manifest.Symbols[a.BenchmarkSymbol]}");
            w.WriteEndObject();
            w.WriteStartObject("alphas");
            foreach (var alpha in a.Alphas)
                WriteReport(w, alpha);
            w.WriteEndObject();
            w.WriteStartObject("portfolio");
            WriteFields(w, a.Portfolio);
            WriteRollingSharpe(w, a);
            w.WriteEndObject();
            w.WriteStartObject("correlations");
            w.WriteString("of", "daily returns, Pearson");
            w.WriteStartArray("alphas");
            foreach (var alpha in a.Alphas)
                w.WriteStringValue(alpha.Name);
            w.WriteEndArray();
            w.WriteStartArray("matrix");
            for (int i = 0; i < a.Alphas.Count; i++)
            {
                w.WriteStartArray();
                for (int j = 0; j < a.Alphas.Count; j++)
                    Number(w, a.Correlations[i, j]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("correlations_interval");
            w.WriteString("of", $"returns between marks (every {a.Manifest.Settings.Portfolio.MarkIntervalMinutes} minutes), Pearson");
            w.WriteStartArray("matrix");
            for (int i = 0; i < a.Alphas.Count; i++)
            {
                w.WriteStartArray();
                for (int j = 0; j < a.Alphas.Count; j++)
                    Number(w, a.IntervalCorrelations[i, j]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("run");
            w.WriteNumber("records", a.Records);
            w.WriteNumber("seed", a.Manifest.Seed);
            w.WriteString("topology", a.Manifest.Topology);
            w.WriteStartArray("symbols");
            foreach (var s in a.Manifest.Symbols)
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("config_hash", a.Manifest.Settings.Hash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            w.WritePropertyName("config");
            EngineConfig.Write(w, a.Manifest.Settings);
            w.WriteEndObject();
            if (replay is not null)
            {
                w.WriteStartObject("replay");
                w.WriteString("verdict", replay.Verdict);
                w.WriteString("live_digest", replay.LiveDigest);
                w.WriteString("replay_digest", replay.ReplayDigest);
                w.WriteNumber("mismatched_records", replay.Mismatches);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("replay");
            }
            w.WriteEndObject();
        });
    }

    private static void WriteReport(Utf8JsonWriter w, AlphaReport r)
    {
        w.WriteStartObject(r.Name);
        WriteFields(w, r);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, AlphaReport r)
    {
        w.WriteNumber("initial_capital", r.InitialCapital);
        w.WriteNumber("final_equity", Math.Round(r.FinalEquity, 8));
        var m = r.Returns;
        w.WriteNumber("days", m.Periods);
        Number(w, "total_return", m.TotalReturn);
        Number(w, "cagr", m.Cagr);
        Number(w, "annual_volatility", m.AnnualVolatility);
        Number(w, "sharpe", m.Sharpe);
        Number(w, "sortino", m.Sortino);
        Number(w, "max_drawdown", m.MaxDrawdown);
        w.WriteNumber("max_drawdown_days", m.MaxDrawdownDuration);
        Number(w, "calmar", m.Calmar);
        Number(w, "interval_sharpe", r.IntervalSharpe);
        Number(w, "alpha", r.Alpha);
        Number(w, "beta", r.Beta);
        w.WriteNumber("interval_returns", r.IntervalReturns);
        Number(w, "downside_risk", m.DownsideRisk);
        Number(w, "omega", m.Omega);
        Number(w, "tail_ratio", m.TailRatio);
        Number(w, "stability", m.Stability);
        Number(w, "value_at_risk_95", m.ValueAtRisk);
        Number(w, "conditional_value_at_risk_95", m.ConditionalValueAtRisk);
        // Honest small samples: the annualized figures above are marked, never hidden.
        w.WriteBoolean("reliable", m.Reliable);
        w.WriteBoolean("cagr_reliable", m.CagrReliable);
        if (m.ReliabilityNote is { } note)
            w.WriteString("reliability_note", note);
        var t = r.Trades;
        w.WriteNumber("fills", t.Fills);
        w.WriteNumber("round_trips", t.RoundTrips);
        Number(w, "win_rate", t.WinRate);
        Number(w, "profit_factor", t.ProfitFactor);
        Number(w, "expectancy", t.Expectancy);
        Number(w, "average_win", t.AverageWin);
        Number(w, "average_loss", t.AverageLoss);
        // Exact (raw money): round trips and what is still open add up to realized P&L − fees.
        w.WriteNumber("round_trips_pnl", QpsFast.Engine.Values.FixedPoint.ToDecimal(r.TripPnlRaw.Sum()));
        w.WriteNumber("open_positions_pnl", QpsFast.Engine.Values.FixedPoint.ToDecimal(r.OpenTripsPnlRaw));
        Number(w, "turnover", r.Turnover);
        Number(w, "exposure", r.Exposure);
        w.WriteStartArray("daily_returns");
        foreach (var x in r.DailyReturns)
            Number(w, x);
        w.WriteEndArray();
    }

    private static void WriteRollingSharpe(Utf8JsonWriter w, SessionAnalysis a)
    {
        var (window, points) = Tearsheet.RollingSharpe(a);
        w.WriteStartObject("rolling_sharpe");
        w.WriteNumber("window_marks", window);
        w.WriteString("periods", a.IntervalConventions.PeriodsName);
        w.WriteStartArray("points");
        foreach (var (timeNs, sharpe) in points)
        {
            w.WriteStartObject();
            w.WriteString("time", DateTime.UnixEpoch.AddTicks(timeNs / 100).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            Number(w, "sharpe", sharpe);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // JSON has no NaN or infinity: they are written as null.
    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 10)); else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(Math.Round(v, 10)); else w.WriteNullValue();
    }
}
