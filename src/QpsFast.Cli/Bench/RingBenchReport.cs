using System.Text.Json;

namespace QpsFast.Cli.Bench;

/// <summary>Prints a ring bench result and writes it as JSON.</summary>
internal static class RingBenchReport
{
    public static void Print(RingBenchResult r, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"topology {RingBenchOptions.TopologyName(r.Options.Topology)}, {r.Options.Events:N0} events x {r.Options.Repeats} repeats, wait {r.Options.Wait.ToString().ToLowerInvariant()}, " +
                    $"ring {r.Options.RingSize}, batch {r.Options.Batch}, {(r.Options.Pin ? "pinned" : "unpinned")}");
        o.WriteLine($"  ring      median {RingBenchRunner.Format(r.RingMedian)} events/s");
        if (r.Options.Baseline)
        {
            o.WriteLine($"  channels  median {RingBenchRunner.Format(r.BaselineMedian)} events/s");
            o.WriteLine($"  ratio     {r.Ratio:F1}x");
        }
        o.WriteLine($"  gc_count {r.GcCount}, allocated_bytes {r.AllocatedBytes} (over the ring's timed phases)");
        o.WriteLine($"  machine   {r.Machine}");
    }

    public static void WriteJson(RingBenchResult r, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("bench", "ring");
            w.WriteString("date", r.Date.ToString("O"));
            w.WriteString("topology", RingBenchOptions.TopologyName(r.Options.Topology));
            w.WriteNumber("events", r.Options.Events);
            w.WriteString("wait", r.Options.Wait.ToString().ToLowerInvariant());
            w.WriteBoolean("pinned", r.Options.Pin);
            w.WriteNumber("repeats", r.Options.Repeats);
            w.WriteNumber("ring_size", r.Options.RingSize);
            w.WriteNumber("batch", r.Options.Batch);
            w.WriteNumber("ring_eps", Math.Round(r.RingMedian));
            if (r.Options.Baseline)
            {
                w.WriteNumber("baseline_eps", Math.Round(r.BaselineMedian));
                w.WriteNumber("ratio", Math.Round(r.Ratio, 3));
            }
            w.WriteNumber("gc_count", r.GcCount);
            w.WriteNumber("allocated_bytes", r.AllocatedBytes);
            WriteArray(w, "ring_eps_runs", r.RingEps);
            if (r.Options.Baseline)
                WriteArray(w, "baseline_eps_runs", r.BaselineEps);
            w.WriteString("baseline", "System.Threading.Channels bounded, one channel between stages");
            w.WriteStartObject("machine");
            w.WriteNumber("cores", r.Machine.Cores);
            w.WriteString("cpu", r.Machine.CpuModel);
            w.WriteString("runtime", r.Machine.Runtime);
            w.WriteString("os", r.Machine.Os);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void WriteArray(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteNumberValue(Math.Round(v));
        w.WriteEndArray();
    }
}
