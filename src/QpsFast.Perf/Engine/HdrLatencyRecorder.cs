using System.Diagnostics;
using HdrHistogram;
using QpsFast.Engine.Pipeline;

namespace QpsFast.Perf.Engine;

/// <summary>Records publish-to-applied latency in ns into an HdrHistogram (on the engine thread; no allocation).</summary>
public sealed class HdrLatencyRecorder : ILatencyRecorder
{
    /// <summary>Returns the histogram (ns, 3 significant digits, up to 10 s).</summary>
    public LongHistogram Histogram { get; } = new(MaxNs, 3);

    private const long MaxNs = 10_000_000_000;

    /// <inheritdoc />
    public void OnApplied(long latencyStamp)
    {
        long ns = (Stopwatch.GetTimestamp() - latencyStamp) * 1_000_000_000 / Stopwatch.Frequency;
        Histogram.RecordValue(Math.Clamp(ns, 0, MaxNs));
    }
}
