using System.Globalization;
using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Aggregation;

public sealed class TimeframeAggregatorTests
{
    private const long MinuteNs = 60_000_000_000;

    private static Record Bar(long closeNs, long o, long h, long l, long c, long v = 0, ushort symbol = 0) => new()
    {
        TimeNs = closeNs,
        Kind = RecordKind.Bar,
        Symbol = symbol,
        Aux = 1,
        Bar = new BarPayload { Open = o, High = h, Low = l, Close = c, Volume = v },
    };

    private static List<Record> Run(ref TimeframeAggregator agg, IEnumerable<Record> inputs)
    {
        var emitted = new List<Record>();
        var slot = new Slot();
        foreach (var input in inputs)
        {
            slot.Reset(input);
            agg.Process(ref slot);
            emitted.AddRange(slot.Derived.ToArray());
        }
        return emitted;
    }

    [Fact]
    public void FiveMinuteBar_IsEmittedOnlyWhenItsLastMinuteCloses()
    {
        var agg = new TimeframeAggregator(1, 5);
        var slot = new Slot();
        for (int m = 1; m <= 5; m++)
        {
            slot.Reset(Bar(m * MinuteNs, 10 + m, 20 + m, 5 + m, 11 + m, 100));
            agg.Process(ref slot);
            Assert.Equal(m == 5 ? 1 : 0, slot.OutboxCount);
        }
        var bar = slot.Derived[0];
        Assert.Equal(5 * MinuteNs, bar.TimeNs);
        Assert.Equal(5, bar.Aux);
        Assert.Equal(SourceId.Aggregator, bar.Source);
        Assert.Equal((11L, 25L, 6L, 16L, 500L), (bar.Bar.Open, bar.Bar.High, bar.Bar.Low, bar.Bar.Close, bar.Bar.Volume));
    }

    [Fact]
    public void BucketLeftIncompleteByAGap_IsEmittedWhenALaterBucketStarts_StampedAtItsOwnEnd()
    {
        var agg = new TimeframeAggregator(1, 5);
        var out1 = Run(ref agg, [Bar(1 * MinuteNs, 1, 3, 1, 2), Bar(2 * MinuteNs, 2, 4, 2, 3)]);
        Assert.Empty(out1);
        var out2 = Run(ref agg, [Bar(13 * MinuteNs, 7, 8, 6, 7)]); // minutes 3..12 missing
        var only = Assert.Single(out2);
        Assert.Equal(5 * MinuteNs, only.TimeNs);
        Assert.Equal((1L, 4L, 1L, 3L), (only.Bar.Open, only.Bar.High, only.Bar.Low, only.Bar.Close));
    }

    [SkippableFact]
    public void RealFxMinuteBars_MatchAnIndependentResample_At5m15m1h()
    {
        var rows = new List<(long OpenNs, long O, long H, long L, long C)>();
        foreach (var line in File.ReadLines(SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv")).Skip(1))
        {
            var f = line.Split(',');
            long t = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000;
            Assert.True(FixedPoint.TryParse(f[1], out long o) & FixedPoint.TryParse(f[2], out long h) & FixedPoint.TryParse(f[3], out long l) & FixedPoint.TryParse(f[4], out long c));
            rows.Add((t, o, h, l, c));
        }
        Assert.Equal(30_117, rows.Count);

        var agg = new TimeframeAggregator(1, 5, 15, 60);
        var emitted = Run(ref agg, rows.Select(r => Bar(r.OpenNs + MinuteNs, r.O, r.H, r.L, r.C)));
        foreach (int tf in new[] { 5, 15, 60 })
        {
            long len = tf * MinuteNs;
            var expected = rows.GroupBy(r => r.OpenNs / len)
                .Select(g => (End: (g.Key + 1) * len, O: g.First().O, H: g.Max(x => x.H), L: g.Min(x => x.L), C: g.Last().C,
                              Complete: g.Last().OpenNs + MinuteNs == (g.Key + 1) * len))
                .ToList();
            // Every bucket but the last is emitted (a gap completes it); the last only if its final minute closed it.
            if (!expected[^1].Complete)
                expected.RemoveAt(expected.Count - 1);
            var actual = emitted.Where(e => e.Aux == tf)
                .Select(e => (End: e.TimeNs, O: e.Bar.Open, H: e.Bar.High, L: e.Bar.Low, C: e.Bar.Close)).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Select(x => (x.End, x.O, x.H, x.L, x.C)), actual);
        }
    }
}
