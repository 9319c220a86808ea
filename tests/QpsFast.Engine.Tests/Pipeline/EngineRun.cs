using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Pipeline;

/// <summary>Runs synthetic data through a whole engine.</summary>
public static class EngineRun
{
    private static readonly Dictionary<int, Record[]> s_cache = [];

    public static Record[] Synthetic(int days = 5)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(days, out var records))
            {
                var list = new List<Record>();
                new SyntheticMarket(new SyntheticOptions(Days: days)).Generate(c => list.AddRange(c));
                s_cache[days] = records = [.. list];
            }
            return records;
        }
    }

    public static (TradingEngine Engine, StreamStats Stats) Run(Record[] records, Topology topology = Topology.Fused, WaitKind wait = WaitKind.Yield, int ringSize = 1024, EngineSettings? settings = null, bool inlineOutput = false, WaitKind? outputWait = null, int[]? cpus = null, bool inlineFeed = false)
    {
        var stats = new StreamStats();
        var engine = new EngineBuilder(settings ?? new EngineSettings(), SyntheticMarket.NamesFor(4)) { Topology = topology, Wait = wait, RingSize = ringSize, InlineOutput = inlineOutput, OutputWait = outputWait, Cpus = cpus, InlineFeed = inlineFeed }
            .Build(new StatsSink(stats));
        engine.Start(42, records[0].TimeNs);
        engine.Publish(records);
        engine.Complete();
        return (engine, stats);
    }
}
