using System.Diagnostics;
using System.Text.Json;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Perf.Engine;
using QpsFast.Ring;

namespace QpsFast.Cli.Bench;

/// <summary><c>qps bench pipeline</c>: fused (or staged) pipeline throughput with the journal off.</summary>
internal static class PipelineBench
{
    private static long Warmup(long events) => Math.Min(events, 2_000_000);

    /// <summary>The inputs a run publishes: the warm-up and every timed run.</summary>
    public static long Inputs(long events, int repeats) => Warmup(events) + events * repeats;

    public static int Run(EngineSettings settings, long events, int symbols, Topology topology, WaitKind wait, int repeats, string? jsonPath, TextWriter o,
        Func<EngineBuilder, StreamStats, TradingEngine>? build = null, string[]? strategies = null, bool baseline = true, BenchData? data = null)
    {
        strategies ??= [];
        using var workload = new PipelineWorkload(topology, wait, symbols, settings: settings, build: build, data: data?.Value);
        if (data is not null)
            o.WriteLine($"  data     {data.Describe()}");
        workload.Run(Warmup(events)); // warm-up: JIT tiers, caches
        var eps = new double[repeats];
        long derivedBefore = workload.Stats.Derived;
        long gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        var total = TimeSpan.Zero; // printing waits until every timed run is over: it allocates
        for (int r = 0; r < repeats; r++)
        {
            var elapsed = workload.Run(events);
            total += elapsed;
            eps[r] = events / elapsed.TotalSeconds;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
        long gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;
        for (int r = 0; r < repeats; r++)
            o.WriteLine($"  run {r + 1}/{repeats}: {eps[r] / 1e6,7:F2}M events/s");
        long derived = workload.Stats.Derived - derivedBefore;
        double median = RingBenchResult.Median(eps);
        // The like-for-like baseline: the same stages over Channels, one channel between stages, same event count.
        double channelMedian = double.NaN;
        if (baseline)
        {
            var channels = new ChannelPipelineWorkload();
            channels.Run(Math.Min(events, 1_000_000)); // warm-up
            var channelEps = new double[Math.Min(repeats, 3)];
            for (int r = 0; r < channelEps.Length; r++)
                channelEps[r] = events / channels.Run(events).Elapsed.TotalSeconds;
            channelMedian = RingBenchResult.Median(channelEps);
        }
        var machine = MachineInfo.Current();
        o.WriteLine();
        o.WriteLine($"pipeline {topology.Name()}, wait {wait.ToString().ToLowerInvariant()}, {data?.Names.Count ?? symbols} symbols{(strategies.Length > 0 ? ", strategies " + string.Join(", ", strategies) : "")}, journal off: {events:N0} events x {repeats}");
        o.WriteLine($"  median      {median / 1e6:F2}M events/s  ({derived / total.TotalSeconds / 1e6:F2}M derived records/s)");
        if (baseline)
        {
            o.WriteLine($"  channels    {channelMedian / 1e6:F2}M events/s: the built-in stages over System.Threading.Channels, one channel between stages");
            o.WriteLine($"  ratio       {median / channelMedian:F1}x (ring {topology.Name()} vs channels)");
        }
        o.WriteLine($"  gc_count {gcs}, allocated_bytes {allocated} (over the ring's timed runs)");
        o.WriteLine($"  fills {workload.Stats.CountOf(RecordKind.Fill):N0}, digest {workload.Stats.Digest}");
        o.WriteLine($"  machine     {machine}");
        if (jsonPath is not null)
        {
            AtomicFile.Write(jsonPath, stream =>
            {
                using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                w.WriteStartObject();
                w.WriteString("bench", "pipeline");
                w.WriteString("date", DateTimeOffset.UtcNow.ToString("O"));
                w.WriteString("topology", topology.Name());
                w.WriteString("wait", wait.ToString().ToLowerInvariant());
                w.WriteNumber("symbols", symbols);
                w.WriteString("config_hash", $"{settings.Hash():x16}");
                w.WriteBoolean("journal", false);
                w.WriteNumber("events", events);
                w.WriteNumber("repeats", repeats);
                w.WriteNumber("events_per_second", Math.Round(median));
                w.WriteStartArray("runs_events_per_second");
                foreach (var v in eps)
                    w.WriteNumberValue(Math.Round(v));
                w.WriteEndArray();
                w.WriteStartArray("strategies");
                foreach (var name in strategies)
                    w.WriteStringValue(name);
                w.WriteEndArray();
                if (baseline)
                {
                    w.WriteNumber("channels_events_per_second", Math.Round(channelMedian));
                    w.WriteNumber("ratio_vs_channels", Math.Round(median / channelMedian, 2));
                }
                w.WriteNumber("derived_records", derived);
                w.WriteNumber("gc_count", gcs);
                w.WriteNumber("allocated_bytes", allocated);
                w.WriteString("machine", machine.ToString());
                w.WriteEndObject();
            });
            o.WriteLine($"  json        {Path.GetFullPath(jsonPath)}");
        }
        return ExitCodes.Ok;
    }
}
