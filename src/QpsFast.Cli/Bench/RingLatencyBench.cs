using HdrHistogram;
using System.Text.Json;
using QpsFast.Perf.Ring;

namespace QpsFast.Cli.Bench;

/// <summary><c>qps bench ring-latency</c>: one-way ring latency percentiles.</summary>
internal static class RingLatencyBench
{
    private static readonly double[] s_percentiles = [50, 90, 99, 99.9, 99.99];

    public static int Run(long events, long intervalNs, bool pin, int ringSize, ProducerPace pace, string? jsonPath, TextWriter o)
    {
        using var workload = new LatencyWorkload(ringSize, pin);
        var h = workload.Run(Math.Max(10_000, events / 10), events, intervalNs, pace);
        var machine = MachineInfo.Current();
        o.WriteLine($"qps bench ring-latency: 1P1C busy-spin, ring {ringSize:N0}, {events:N0} events, one every {intervalNs} ns, {(pin ? "pinned" : "unpinned")}, producer {(pace == ProducerPace.Yield ? "yields" : "spins")} between sends");
        foreach (var p in s_percentiles)
            o.WriteLine($"  p{p,-6} {h.GetValueAtPercentile(p),8} ns");
        o.WriteLine($"  max     {h.GetMaxValue(),8} ns   (count {h.TotalCount:N0})");
        o.WriteLine($"  machine {machine}");
        if (jsonPath is not null)
        {
            AtomicFile.Write(jsonPath, stream =>
            {
                using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                w.WriteStartObject();
                w.WriteString("bench", "ring-latency");
                w.WriteString("date", DateTimeOffset.UtcNow.ToString("O"));
                w.WriteNumber("events", events);
                w.WriteNumber("interval_ns", intervalNs);
                w.WriteBoolean("pinned", pin);
                w.WriteNumber("ring_size", ringSize);
                w.WriteString("pace", pace == ProducerPace.Yield ? "yield" : "spin");
                foreach (var p in s_percentiles)
                    w.WriteNumber($"p{p}_ns".Replace('.', '_'), h.GetValueAtPercentile(p));
                w.WriteNumber("max_ns", h.GetMaxValue());
                w.WriteNumber("count", h.TotalCount);
                w.WriteString("machine", machine.ToString());
                w.WriteEndObject();
            });
        }
        return ExitCodes.Ok;
    }
}
