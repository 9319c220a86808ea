using QpsFast.Data.Readers;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Pipeline;

/// <summary>The embedding API end to end: a user alpha next to (here: instead of) the built-in five, on real daily data.</summary>
public sealed class EmbeddingTests
{
    private static readonly EngineSettings UserOnly = new()
    {
        Pairs = new() { Enabled = false },
        Breakout = new() { Enabled = false },
        MtfTrend = new() { Enabled = false },
        Momentum = new() { Enabled = false },
        Imbalance = new() { Enabled = false },
    };

    [SkippableFact]
    public void SmaCrossoverUserAlpha_TradesAtEveryCrossover_OnRealDailyBars()
    {
        var data = BarCsvReader.Read(SharedData.PathOf("daily/orcl-1995-2014.txt"), "ORCL");
        var output = new List<Record>();
        var engine = new EngineBuilder(UserOnly, data.Symbols) { Topology = Topology.Fused, Wait = WaitKind.Yield }
            .Build(new SmaCrossoverAlpha(AlphaIds.FirstUser, 10, 30, 10_000m), new Collect(output));
        engine.Start(0, data.Records[0].TimeNs);
        engine.Publish(data.Records);
        engine.Complete();

        // Independent check: the days on which sign(SMA10 − SMA30) changes, by brute force in exact integer
        // arithmetic on the fixed-point closes (3 × Σ10 vs Σ30). The alpha computes in doubles, so the two may only
        // disagree on a day where the averages are equal to within 1e-9, or on the trading day after it.
        var closes = data.Records.Select(r => (Int128)r.Bar.Close).ToArray();
        var crossings = new List<long>();
        var nearTie = new HashSet<long>();
        int previous = 0;
        for (int i = 29; i < closes.Length; i++)
        {
            Int128 fast10 = 0, slow30 = 0;
            for (int k = i - 9; k <= i; k++) fast10 += closes[k];
            for (int k = i - 29; k <= i; k++) slow30 += closes[k];
            Int128 difference = 3 * fast10 - slow30;
            if (Math.Abs((double)difference) <= 1e-9 * (double)slow30)
            {
                // A sign read differently at a tie moves that crossing to the next trading day.
                nearTie.Add(data.Records[i].TimeNs);
                if (i + 1 < closes.Length)
                    nearTie.Add(data.Records[i + 1].TimeNs);
            }
            int sign = difference > 0 ? 1 : -1;
            if (sign != previous)
                crossings.Add(data.Records[i].TimeNs);
            previous = sign;
        }
        var signals = output.Where(r => r.Kind == RecordKind.Signal).ToList();
        Assert.True(signals.Count > 50, $"{signals.Count} signals");
        var actual = signals.Select(s => s.TimeNs).ToHashSet();
        var disagreements = actual.ToHashSet();
        disagreements.SymmetricExceptWith(crossings);
        Assert.All(disagreements, t => Assert.Contains(t, nearTie));
        Assert.True(disagreements.Count <= 4, $"{disagreements.Count} disagreements");
        Assert.All(signals, s => Assert.Equal(AlphaIds.FirstUser, s.Source));

        // Every signal became an order through risk, and fills followed on the next bar.
        Assert.Equal(signals.Count, output.Count(r => r.Kind == RecordKind.Order));
        Assert.True(output.Count(r => r.Kind == RecordKind.Fill) >= signals.Count - 1);
        int book = engine.Core.AlphaSources.IndexOf(AlphaIds.FirstUser);
        Assert.True(engine.Core.RoundTrips(book) > 25);
        Assert.Equal(0, engine.Core.Ledger.FillCount(0)); // built-ins disabled
        var lastMark = output.Last(r => r.Kind == RecordKind.Mark && r.Source == AlphaIds.FirstUser);
        Assert.Equal(engine.Core.Ledger.Equity(book, engine.Core.Marks), lastMark.Mark.Equity);
    }

    private readonly struct Collect(List<Record> output) : IEventHandler<Slot>
    {
        public void OnBatchStart(long batchSize) { }

        public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
        {
            output.Add(slot.Input);
            output.AddRange(slot.Derived);
        }
    }
}
