using System.Globalization;
using System.Text.Json;
using QpsFast.Engine.IO;
using QpsFast.Engine.Values;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>Writes <c>results.json</c>, the seeds' contract: PASS or FAIL overall and per alpha and for the portfolio.</summary>
public static class ReplayReport
{
    /// <summary>Writes the result to <paramref name="path"/> (under a temporary name, then renamed).</summary>
    public static void WriteJson(ReplayResult r, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("session", r.Session);
            w.WriteString("pnl_match", Verdict(r.Lines.All(l => l.PnlMatch && l.TradesMatch)));
            w.WriteString("verdict", r.Verdict);
            w.WriteString("topology", r.Topology);
            w.WriteStartObject("alphas");
            foreach (var line in r.Lines.Where(l => l.Name != "portfolio"))
                WriteLine(w, line);
            w.WriteEndObject();
            w.WriteStartObject("portfolio");
            WriteFields(w, r.Lines.Single(l => l.Name == "portfolio"));
            w.WriteEndObject();
            w.WriteStartObject("events");
            w.WriteNumber("inputs", r.Inputs);
            w.WriteNumber("live_records", r.LiveRecords);
            w.WriteNumber("replay_records", r.ReplayRecords);
            w.WriteNumber("mismatched_records", r.Mismatches);
            w.WriteNumber("replayed_past_journal_end", r.Unjournaled);
            w.WriteBoolean("journal_sealed", r.Sealed);
            w.WriteBoolean("journal_complete", r.Complete);
            if (r.EndProblem is { } end)
                w.WriteString("journal_end_problem", end);
            w.WriteEndObject();
            w.WriteStartObject("digests");
            w.WriteString("algorithm", "XxHash64 of the 64-byte records in stream order");
            w.WriteString("live", r.LiveDigest.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteString("replay", r.ReplayDigest.ToString("x16", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            if (r.FirstDivergence is { } d)
            {
                w.WriteStartObject("first_divergence");
                w.WriteNumber("sequence", d.Sequence);
                w.WriteString("kind", d.Kind);
                w.WriteString("field", d.Field);
                w.WriteString("expected", d.Expected);
                w.WriteString("actual", d.Actual);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("first_divergence");
            }
            if (r.TornTail is { } t)
            {
                w.WriteStartObject("torn_tail");
                w.WriteString("segment", Path.GetFileName(t.Segment));
                w.WriteNumber("offset", t.Offset);
                w.WriteNumber("last_good_sequence", t.LastGoodSequence);
                w.WriteString("problem", t.Problem);
                w.WriteEndObject();
            }
            w.WriteNumber("elapsed_ms", Math.Round(r.Elapsed.TotalMilliseconds, 1));
            w.WriteEndObject();
        });
    }

    private static void WriteLine(Utf8JsonWriter w, ReplayLine line)
    {
        w.WriteStartObject(line.Name);
        WriteFields(w, line);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, ReplayLine line)
    {
        w.WriteNumber("live_pnl", FixedPoint.ToDecimal(line.LivePnlRaw));
        w.WriteNumber("replay_pnl", FixedPoint.ToDecimal(line.ReplayPnlRaw));
        w.WriteString("pnl_match", Verdict(line.PnlMatch));
        w.WriteNumber("live_trades", line.LiveTrades);
        w.WriteNumber("replay_trades", line.ReplayTrades);
        w.WriteString("trades_match", Verdict(line.TradesMatch));
    }

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";
}
