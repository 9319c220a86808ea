using System.Text.Json;
using QpsFast.Engine.IO;

namespace QpsFast.Sweep;

/// <summary>Writes <c>walkforward.json</c> (schema in docs/sweeps.md).</summary>
public static class WalkForwardFile
{
    /// <summary>The schema name written in the file.</summary>
    public const string Schema = "qpsfast.walkforward/1";

    /// <summary>Writes the result of a walk-forward of <paramref name="plan"/> on <paramref name="data"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(WalkForwardResult r, SweepPlan plan, DataSource data, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("plan_hash", SweepResults.Hex(plan.Hash()));
            w.WriteString("windows_spec", r.Spec.ToString());
            w.WriteString("book", r.Book);
            w.WriteString("metric", r.Metric);
            w.WriteStartArray("data_sources");
            foreach (var s in data.Sources)
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("data_digest", SweepResults.Hex(data.Digest));
            w.WriteNumber("trials_per_window", r.Windows.Count == 0 ? 0 : r.Windows[0].Trials);
            w.WriteNumber("trials_tried", r.TrialsTried);
            var oos = r.OutOfSample;
            w.WriteStartObject("out_of_sample");
            w.WriteNumber("days", oos.Periods);
            Number(w, "total_return", oos.TotalReturn);
            Number(w, "sharpe", oos.Sharpe);
            Number(w, "sortino", oos.Sortino);
            Number(w, "max_drawdown", oos.MaxDrawdown);
            Number(w, "interval_sharpe", r.OutOfSampleIntervalSharpe);
            w.WriteNumber("interval_returns", r.OutOfSampleIntervalReturns.Length);
            w.WriteBoolean("reliable", oos.Reliable);
            w.WriteStartArray("daily_returns");
            foreach (double x in r.OutOfSampleReturns)
            {
                if (double.IsFinite(x)) w.WriteNumberValue(x); else w.WriteNullValue();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("windows");
            foreach (var win in r.Windows)
            {
                w.WriteStartObject();
                w.WriteNumber("window", win.Index);
                w.WriteString("train_from", win.TrainFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("test_from", win.TestFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("test_to", win.TestTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteNumber("best_trial", win.Best.Trial);
                w.WriteStartObject("params");
                for (int i = 0; i < plan.Parameters.Count; i++)
                    w.WriteString(plan.Parameters[i].Path, plan.Parameters[i].Values[win.Best.Point[i]]);
                w.WriteEndObject();
                w.WriteNumber("trials", win.Trials);
                Book(w, "in_sample", win.Best, r.Book);
                Number(w, "deflated_sharpe", win.Deflated);
                Book(w, "out_of_sample", win.OutOfSample, r.Book);
                w.WriteString("out_of_sample_digest", SweepResults.Hex(win.OutOfSample.Digest));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Book(Utf8JsonWriter w, string name, TrialResult t, string book)
    {
        w.WriteStartObject(name);
        if (t.Error is not null)
            w.WriteString("error", t.Error);
        else if (t.Book(book) is { } b)
        {
            foreach (var m in BookMetrics.Names)
                Number(w, m, b[m]);
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double v) => SweepResults.WriteFigure(w, name, v);
}
