using QpsFast.Perf.Ring;

namespace QpsFast.Cli.Bench;

/// <summary>
/// Runs our ring and the Channels baseline in one process, in interleaved repeats after a warm-up run of each, and
/// measures GC collections and allocated bytes over the ring's timed phases only.
/// </summary>
internal static class RingBenchRunner
{
    public static RingBenchResult Run(RingBenchOptions o, TextWriter log)
    {
        using var ring = ThroughputWorkloads.CreateRing(o.Topology, o.Wait, o.RingSize, o.Batch, o.Pin);
        using var baseline = o.Baseline ? new ChannelWorkload(o.Topology, o.RingSize) : null;

        long warmup = Math.Max(1_000_000, o.Events / 10);
        ring.Run(warmup);
        baseline?.Run(warmup);

        var ringEps = new double[o.Repeats];
        var baselineEps = new double[o.Repeats];
        long gcCount = 0;
        long allocated = 0;
        for (int r = 0; r < o.Repeats; r++)
        {
            long gcBefore = TotalCollections();
            long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
            var ringElapsed = ring.Run(o.Events);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
            gcCount += TotalCollections() - gcBefore;
            ringEps[r] = o.Events / ringElapsed.TotalSeconds;

            if (baseline is null)
            {
                baselineEps[r] = double.NaN;
                log.WriteLine($"  repeat {r + 1}/{o.Repeats}: ring {Format(ringEps[r])} ev/s");
                continue;
            }
            var baselineElapsed = baseline.Run(o.Events);
            baselineEps[r] = o.Events / baselineElapsed.TotalSeconds;
            log.WriteLine($"  repeat {r + 1}/{o.Repeats}: ring {Format(ringEps[r])} ev/s   channels {Format(baselineEps[r])} ev/s");
        }
        return new RingBenchResult(o, ringEps, baselineEps, gcCount, allocated, MachineInfo.Current(), DateTimeOffset.UtcNow);
    }

    private static long TotalCollections() => GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);

    public static string Format(double eps) => eps >= 1e6 ? $"{eps / 1e6,8:F1}M" : $"{eps / 1e3,8:F1}k";
}
