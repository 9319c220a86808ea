using QpsFast.Engine.Alphas;
using QpsFast.Engine.Records;
using static QpsFast.Engine.Tests.Md;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Alphas;

public sealed class AlphaTests
{
    private static List<Record> Signals(List<(int Input, Record Record)> output) =>
        output.Where(o => o.Record.Kind == RecordKind.Signal).Select(o => o.Record).ToList();

    [Fact]
    public void Pairs_SpreadAboveTwoSigma_ShortsTheSpread_ThenExitsWhenItReverts()
    {
        var alpha = new PairsMeanReversionAlpha(new PairsSettings(Window: 60, EntryZ: 2, ExitZ: 0.5, Notional: 1500m), 2);
        var inputs = new List<Record>();
        int m = 0;
        void AddMinute(decimal pa, decimal pb)
        {
            m++;
            inputs.Add(Bar(0, T0 + m * Minute, pa));
            inputs.Add(Bar(1, T0 + m * Minute, pb));
        }
        // B = 1.5 A + 10 with a small alternating residual: cointegrated, z-scores stay within ±1.5.
        for (int i = 0; i < 130; i++) // 60 minutes fill the OLS window, 60 more the z-score window
        {
            decimal pa = 100 + (i % 10);
            AddMinute(pa, 1.5m * pa + 10 + (i % 2 == 0 ? 0.05m : -0.05m));
        }
        int before = inputs.Count;
        AddMinute(105, 1.5m * 105 + 10 + 2m); // the spread jumps far above +2σ
        var output = Md.Run(ref alpha, inputs);
        var entry = Signals(output);
        Assert.Equal(2, entry.Count);
        Assert.All(entry, s => Assert.Equal(before + 1, output.First(o => o.Record.Kind == RecordKind.Signal).Input));
        var b = entry.Single(s => s.Symbol == 1);
        var a = entry.Single(s => s.Symbol == 0);
        Assert.True(b.Signal.TargetQuantity < 0, "short B");
        Assert.True(a.Signal.TargetQuantity > 0, "long A");
        Assert.True(b.Signal.Strength > 2, $"z = {b.Signal.Strength}");
        Assert.Equal(AlphaIds.PairsMeanReversion, b.Source);
        // 1500 / 169.5 → 8 units of B; hedge ≈ 1.5 × 8 = 12 units of A.
        Assert.Equal(-Q(8), b.Signal.TargetQuantity);
        Assert.InRange(a.Signal.TargetQuantity, Q(11), Q(13));

        // Reversion: back on the line, z falls inside ±0.5 and both legs go flat.
        var revert = new List<Record>();
        for (int i = 0; i < 5; i++)
        {
            m++;
            revert.Add(Bar(0, T0 + m * Minute, 104));
            revert.Add(Bar(1, T0 + m * Minute, 1.5m * 104 + 10));
        }
        var exit = Signals(Md.Run(ref alpha, revert));
        Assert.Equal(2, exit.Count);
        Assert.All(exit, s => Assert.Equal(0, s.Signal.TargetQuantity));
    }

    [Fact]
    public void Breakout_CloseAboveTheChannel_GoesLong_AndTheAtrStopFlattens()
    {
        var alpha = new BreakoutAlpha(new BreakoutSettings(TimeframeMinutes: 15, Period: 20, AtrPeriod: 14, StopAtr: 2, Notional: 1000m), 1);
        var inputs = new List<Record>();
        for (int i = 1; i <= 25; i++)
            inputs.Add(Bar(0, T0 + i * 15 * Minute, 100 + (i % 2), 100, 101.5m, 99.5m, minutes: 15));
        var quiet = Signals(Md.Run(ref alpha, inputs));
        Assert.Empty(quiet);

        var breakout = Signals(Md.Run(ref alpha, [Bar(0, T0 + 26 * 15 * Minute, 103, 101, 103.2m, 100.8m, minutes: 15)]));
        var s = Assert.Single(breakout);
        Assert.Equal(Q(9), s.Signal.TargetQuantity); // 1000 / 103 → 9 units
        Assert.Equal(AlphaIds.Breakout, s.Source);

        // Bars of another timeframe are ignored; a close far below entry − 2 ATR exits.
        Assert.Empty(Signals(Md.Run(ref alpha, [Bar(0, T0 + 26 * 15 * Minute + Minute, 50)])));
        // ATR ≈ 2 and entry 103: the stop sits near 99, inside the channel (low 99.5); a close at 98.8 breaks it.
        var stop = Signals(Md.Run(ref alpha, [Bar(0, T0 + 27 * 15 * Minute, 98.8m, 102, 102, 98.7m, minutes: 15)]));
        Assert.Equal(0, Assert.Single(stop).Signal.TargetQuantity);
    }

    [Fact]
    public void MtfTrend_BuysAOneMinutePullback_OnlyInAnHourlyUptrend()
    {
        var alpha = new MtfTrendAlpha(new MtfTrendSettings(EmaPeriod: 5, RsiPeriod: 5, PullbackRsi: 30, ExitRsi: 70, Notional: 1000m), 1);
        var inputs = new List<Record>();
        // Hourly uptrend: closes rising.
        for (int h = 1; h <= 8; h++)
            inputs.Add(Bar(0, T0 + h * 60 * Minute, 100 + h, minutes: 60));
        long t = T0 + 8 * 60 * Minute;
        // 1m pullback: six falling closes push RSI(5) to 0.
        for (int i = 1; i <= 6; i++)
            inputs.Add(Bar(0, t + i * Minute, 108 - i * 0.5m));
        var output = Md.Run(ref alpha, inputs);
        Assert.Equal(1, alpha.TrendOf(0));
        var entry = Assert.Single(Signals(output));
        Assert.True(entry.Signal.TargetQuantity > 0);
        Assert.True(entry.Signal.Strength < 30);

        // A strong 1m rally pushes RSI above 70: exit.
        var rally = new List<Record>();
        for (int i = 7; i <= 14; i++)
            rally.Add(Bar(0, t + i * Minute, 105 + (i - 6) * 1m));
        var exit = Assert.Single(Signals(Md.Run(ref alpha, rally)));
        Assert.Equal(0, exit.Signal.TargetQuantity);
    }

    [Fact]
    public void MtfTrend_DoesNotBuyPullbacks_InADowntrend()
    {
        var alpha = new MtfTrendAlpha(new MtfTrendSettings(EmaPeriod: 5, RsiPeriod: 5), 1);
        var inputs = new List<Record>();
        for (int h = 1; h <= 8; h++)
            inputs.Add(Bar(0, T0 + h * 60 * Minute, 200 - h, minutes: 60));
        long t = T0 + 8 * 60 * Minute;
        for (int i = 1; i <= 6; i++)
            inputs.Add(Bar(0, t + i * Minute, 190 - i));
        var signals = Signals(Md.Run(ref alpha, inputs));
        Assert.DoesNotContain(signals, s => s.Signal.TargetQuantity > 0);
    }

    [Fact]
    public void Momentum_LongsTheStrongest_ShortsTheWeakest_OnlyOnTheSchedule()
    {
        var alpha = new CrossAssetMomentumAlpha(new MomentumSettings(LookbackMinutes: 10, RebalanceMinutes: 60, Long: 1, Short: 1, Notional: 1000m), 3);
        var inputs = new List<Record>();
        for (int i = 1; i <= 60; i++)
        {
            inputs.Add(Bar(0, T0 + i * Minute, 100 + i * 0.1m));  // middle
            inputs.Add(Bar(1, T0 + i * Minute, 100 + i * 0.5m));  // strongest
            inputs.Add(Bar(2, T0 + i * Minute, 100 - i * 0.3m));  // weakest
        }
        var output = Md.Run(ref alpha, inputs);
        var signals = Signals(output);
        Assert.Equal(2, signals.Count);
        Assert.All(output, o => Assert.Equal(inputs.Count - 1, o.Input)); // only at the 60-minute boundary, on the last symbol's bar
        Assert.True(signals.Single(s => s.Symbol == 1).Signal.TargetQuantity > 0);
        Assert.True(signals.Single(s => s.Symbol == 2).Signal.TargetQuantity < 0);
        Assert.DoesNotContain(signals, s => s.Symbol == 0);
    }

    [Fact]
    public void Imbalance_HeavyBids_GoLong_BalancedBook_GoesFlat()
    {
        var alpha = new OrderBookImbalanceAlpha(new ImbalanceSettings(Levels: 3, EntryImbalance: 0.25, ExitImbalance: 0.05, Notional: 1000m), 1);
        IEnumerable<Record> Refresh(long t, decimal bidSize, decimal askSize)
        {
            for (int l = 0; l < 3; l++)
                yield return Level(0, t, 0, l, 99.99m - l * 0.01m, bidSize, 99.99m, 100.01m);
            for (int l = 0; l < 3; l++)
                yield return Level(0, t, 1, l, 100.01m + l * 0.01m, askSize, 99.99m, 100.01m);
        }
        var entry = Signals(Md.Run(ref alpha, Refresh(T0, 300, 100)));
        var s = Assert.Single(entry);
        Assert.Equal(0.5, s.Signal.Strength, 9);
        Assert.Equal(Q(10), s.Signal.TargetQuantity); // 1000 / mid 100.00 → 10 units
        Assert.Equal(P(100), s.Signal.ReferencePrice);

        // Still bid-heavy (0.2 > exit 0.05): hold. Balanced: flat.
        Assert.Empty(Signals(Md.Run(ref alpha, Refresh(T0 + Minute, 150, 100))));
        var exit = Assert.Single(Signals(Md.Run(ref alpha, Refresh(T0 + 2 * Minute, 100, 100))));
        Assert.Equal(0, exit.Signal.TargetQuantity);

        // Ask-heavy: short.
        var shortEntry = Assert.Single(Signals(Md.Run(ref alpha, Refresh(T0 + 3 * Minute, 100, 400))));
        Assert.Equal(-Q(10), shortEntry.Signal.TargetQuantity);
    }
}
