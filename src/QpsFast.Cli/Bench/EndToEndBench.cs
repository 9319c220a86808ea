using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using QpsFast.Engine.Pipeline;
using QpsFast.Perf.Engine;
using QpsFast.Ring;

namespace QpsFast.Cli.Bench;

/// <summary>
/// <c>qps bench e2e</c>: the full pipeline with the journal on disk: throughput, journal MB/s, GC and allocation
/// over the measured phase, peak RSS, and publish-to-portfolio latency percentiles (HdrHistogram) at an offered rate.
/// </summary>
internal static class EndToEndBench
{
    private static readonly double[] s_percentiles = [50, 90, 99, 99.9, 99.99];

    private static long Warmup(long events) => Math.Clamp(events / 10, 100_000, 2_000_000);

    /// <summary>The inputs a run publishes: the warm-up and the measured phase.</summary>
    public static long Inputs(long events) => Warmup(events) + events;

    public static int Run(EngineSettings settings, long events, int symbols, Topology topology, WaitKind wait, WaitKind? outputWait, bool pin, bool inlineFeed, int ringSize, bool journal, double rate, string? jsonPath, TextWriter o, BenchData? data = null)
    {
        string? dir = journal ? Directory.CreateTempSubdirectory("qps-e2e-").FullName : null;
        try
        {
            // --pin: the engine's stages on the last CPU, the feed (this thread) and the output stage on CPU 0, so
            // the output stage's work never preempts the engine.
            int[]? cpus = null;
            int engineCpu = Environment.ProcessorCount - 1;
            if (pin)
            {
                int engineStages = topology == Topology.Fused ? 1 : 8;
                cpus = [.. Enumerable.Repeat(engineCpu, engineStages), 0];
                // With the feed inline this thread runs the engine: it takes the engine's CPU.
                if (!ThreadAffinity.TryPinCurrentThread(inlineFeed ? engineCpu : 0))
                    o.WriteLine("  (--pin: this system does not allow pinning; threads run unpinned)");
            }
            using var w = new PipelineWorkload(topology, wait, symbols, ringSize: ringSize, settings: settings, journalDirectory: dir is null ? null : Path.Combine(dir, "journal"), outputWait: outputWait, cpus: cpus, data: data?.Value, inlineFeed: inlineFeed);
            if (data is not null)
                o.WriteLine($"  data     {data.Describe()}");
            long warmup = Warmup(events);
            w.RunStamped(warmup, rate); // stamps with no recorder yet: JIT, caches, journal files
            var recorder = new HdrLatencyRecorder();
            w.Engine.Core.LatencyRecorder = recorder;

            long bytesBefore = w.Journal?.BytesWritten ?? 0;
            var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
            var elapsed = w.RunStamped(events, rate);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
            var gcs = new[] { GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2] };
            long journalBytes = (w.Journal?.BytesWritten ?? 0) - bytesBefore;
            long peakRss = Process.GetCurrentProcess().PeakWorkingSet64;
            var h = recorder.Histogram;

            double eps = events / elapsed.TotalSeconds;
            double mbps = journalBytes / elapsed.TotalSeconds / 1e6;
            var machine = MachineInfo.Current();
            o.WriteLine($"qps bench e2e: {events:N0} events, {data?.Names.Count ?? symbols} symbols, {topology.Name()}, wait {wait.ToString().ToLowerInvariant()}, output wait {(outputWait ?? wait).ToString().ToLowerInvariant()}{(inlineFeed ? ", feed inline (the engine runs on the feed's thread)" : "")}, ring {ringSize:N0}{(pin ? $", pinned (engine on CPU {engineCpu}, {(inlineFeed ? "output" : "feed and output")} on CPU 0)" : "")}, journal {(journal ? "on" : "off")}, rate {(rate > 0 ? $"{rate:N0}/s" : "max")}");
            o.WriteLine($"  throughput  {eps / 1e6:F2}M events/s ({elapsed.TotalMilliseconds:N0} ms), journal {mbps:F1} MB/s written ({journalBytes:N0} bytes)");
            o.WriteLine($"  gc_count    gen0 {gcs[0]}, gen1 {gcs[1]}, gen2 {gcs[2]}; allocated_bytes {allocated:N0} (measured phase, all threads)");
            o.WriteLine($"  peak RSS    {peakRss / (1024.0 * 1024):F0} MiB");
            o.WriteLine($"  latency     publish -> portfolio applied, ns ({h.TotalCount:N0} samples{(rate > 0 ? ", every event" : $", one event in {PipelineWorkload.SampleEvery}")}):");
            foreach (var p in s_percentiles)
                o.WriteLine($"    p{p,-6} {h.GetValueAtPercentile(p),10:N0}");
            o.WriteLine($"    max     {h.GetMaxValue(),10:N0}");
            o.WriteLine($"  machine     {machine}");
            if (jsonPath is not null)
            {
                AtomicFile.Write(jsonPath, stream =>
                {
                    using var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                    j.WriteStartObject();
                    j.WriteString("bench", "e2e");
                    j.WriteString("date", DateTimeOffset.UtcNow.ToString("O"));
                    j.WriteNumber("events", events);
                    j.WriteNumber("symbols", symbols);
                    j.WriteString("config_hash", $"{settings.Hash():x16}");
                    j.WriteString("topology", topology.Name());
                    j.WriteString("wait", wait.ToString().ToLowerInvariant());
                    j.WriteString("output_wait", (outputWait ?? wait).ToString().ToLowerInvariant());
                    j.WriteBoolean("pinned", pin);
                    j.WriteString("feed", inlineFeed ? "inline" : "thread");
                    j.WriteNumber("ring_size", ringSize);
                    j.WriteBoolean("journal", journal);
                    j.WriteString("rate", rate > 0 ? rate.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max");
                    j.WriteNumber("events_per_second", Math.Round(eps));
                    j.WriteNumber("journal_mb_per_second", Math.Round(mbps, 2));
                    j.WriteStartObject("gc_count");
                    j.WriteNumber("gen0", gcs[0]);
                    j.WriteNumber("gen1", gcs[1]);
                    j.WriteNumber("gen2", gcs[2]);
                    j.WriteEndObject();
                    j.WriteNumber("allocated_bytes", allocated);
                    j.WriteNumber("peak_rss_bytes", peakRss);
                    j.WriteStartObject("latency_ns");
                    foreach (var p in s_percentiles)
                        j.WriteNumber($"p{p}".Replace('.', '_'), h.GetValueAtPercentile(p));
                    j.WriteNumber("max", h.GetMaxValue());
                    j.WriteNumber("samples", h.TotalCount);
                    j.WriteEndObject();
                    j.WriteString("machine", machine.ToString());
                    j.WriteEndObject();
                });
                o.WriteLine($"  json        {Path.GetFullPath(jsonPath)}");
            }
            return ExitCodes.Ok;
        }
        finally
        {
            if (dir is not null)
                Directory.Delete(dir, recursive: true);
        }
    }
}
