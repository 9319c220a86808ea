using QpsFast.Engine.Indicators;

namespace QpsFast.Engine.Tests.Indicators;

/// <summary>Incremental indicators against brute-force recomputation over a deterministic series.</summary>
public sealed class IndicatorTests
{
    private static double[] Series(int n)
    {
        var x = new double[n];
        double v = 100;
        ulong state = 12345;
        for (int i = 0; i < n; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            v += ((long)((state >> 33) % 2001) - 1000) / 1000.0;
            x[i] = v;
        }
        return x;
    }

    [Fact]
    public void Donchian_MatchesTheWindowMaxAndMin()
    {
        var highs = Series(500);
        var lows = highs.Select(h => h - 1.5).ToArray();
        var d = new Donchian(20);
        for (int i = 0; i < highs.Length; i++)
        {
            bool ready = d.Update(highs[i], lows[i]);
            Assert.Equal(i >= 19, ready);
            int from = Math.Max(0, i - 19);
            Assert.Equal(highs[from..(i + 1)].Max(), d.Upper);
            Assert.Equal(lows[from..(i + 1)].Min(), d.Lower);
        }
    }

    [Fact]
    public void RollingStats_MatchesBruteForce()
    {
        var x = Series(300);
        var s = new RollingStats(30);
        for (int i = 0; i < x.Length; i++)
        {
            s.Update(x[i]);
            if (i < 29)
                continue;
            var w = x[(i - 29)..(i + 1)];
            double mean = w.Average();
            double pop = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / 30);
            double sample = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / 29);
            Assert.Equal(mean, s.Mean, 9);
            Assert.Equal(pop, s.PopulationStdDev, 6);
            Assert.Equal(sample, s.SampleStdDev, 6);
            Assert.Equal((x[i] - mean) / pop, s.ZScore(x[i]), 5);
        }
    }

    [Fact]
    public void RollingOls_RecoversAKnownHedgeRatio()
    {
        var x = Series(400);
        var ols = new RollingOls(60);
        for (int i = 0; i < x.Length; i++)
        {
            double y = 3.0 + 1.75 * x[i] + (i % 2 == 0 ? 0.01 : -0.01);
            ols.Update(x[i], y);
        }
        Assert.True(ols.IsReady);
        Assert.Equal(1.75, ols.Slope, 2);
        Assert.Equal(3.0, ols.Intercept, 0);
    }

    [Fact]
    public void RollingOls_ExactLine_GivesExactCoefficients()
    {
        var ols = new RollingOls(5);
        foreach (var xv in new double[] { 1, 2, 3, 4, 5, 6, 7 })
            ols.Update(xv, 2 * xv - 1);
        Assert.Equal(2.0, ols.Slope, 10);
        Assert.Equal(-1.0, ols.Intercept, 10);
    }

    [Fact]
    public void RollingStats_DoesNotDrift_OverAMillionUpdates()
    {
        var s = new RollingStats(50);
        double v = 50_000;
        var last = new Queue<double>();
        for (int i = 0; i < 1_000_000; i++)
        {
            v += (i * 7919 % 1000 - 499.5) / 10.0;
            s.Update(v);
            last.Enqueue(v);
            if (last.Count > 50)
                last.Dequeue();
        }
        double mean = last.Average();
        double pop = Math.Sqrt(last.Sum(x => (x - mean) * (x - mean)) / 50);
        Assert.Equal(mean, s.Mean, 6);
        Assert.Equal(pop, s.PopulationStdDev, 4);
    }

    [Fact]
    public void LookbackReturn_IsTheRatioToTheValueNPeriodsAgo()
    {
        var r = new LookbackReturn(3);
        Assert.False(r.Update(100));
        Assert.False(r.Update(101));
        Assert.False(r.Update(102));
        Assert.True(r.Update(110));
        Assert.Equal(0.10, r.Value, 12);
        r.Update(99);
        Assert.Equal(99 / 101.0 - 1, r.Value, 12);
    }

    [Fact]
    public void Updates_AllocateNothing_AfterConstruction()
    {
        var x = Series(10_000);
        var sma = new Sma(30);
        var ema = new Ema(30);
        var rsi = new Rsi(14);
        var atr = new Atr(14);
        var bb = new Bollinger(20, 2);
        var macd = new Macd(12, 26, 9);
        var ols = new RollingOls(60);
        var don = new Donchian(20);
        var lb = new LookbackReturn(10);
        var emaFirst = new Ema(30, EmaSeed.FirstValue);
        var macdTaLib = new Macd(12, 26, 9, MacdSeeding.TaLib);
        var wma = new Wma(30);
        var cci = new Cci(20);
        var willr = new WilliamsR(14);
        var cmo = new Cmo(14);
        var cmoWilder = new Cmo(14, CmoSmoothing.Wilder);
        var adx = new Adx(14);
        var stoch = new Stochastic(14, 3, 3);
        var obv = new Obv();
        var vwap = new Vwap(14);
        var kama = new Kama(10, 2, 30);
        var keltner = new Keltner(20, 10, 2);
        var sar = new ParabolicSar(0.02, 0.2);
        var mfi = new Mfi(14);
        void Run(int from, int to, ref double sink)
        {
            for (int i = from; i < to; i++)
            {
                double h = x[i] + 1, l = x[i] - 1, c = x[i], v = 1000 + i % 7 * 100;
                sma.Update(c); ema.Update(c); rsi.Update(c); atr.Update(h, l, c);
                bb.Update(c); macd.Update(c); ols.Update(c, c * 2); don.Update(h, l); lb.Update(c);
                sink += sma.Value + ema.Value + rsi.Value + atr.Value + bb.Upper + macd.Histogram + ols.Slope + don.Upper + lb.Value;
                emaFirst.Update(c); macdTaLib.Update(c); wma.Update(c); cci.Update(h, l, c); willr.Update(h, l, c);
                cmo.Update(c); cmoWilder.Update(c); adx.Update(h, l, c); stoch.Update(h, l, c); obv.Update(c, v);
                vwap.Update(h, l, c, v); kama.Update(c); keltner.Update(h, l, c); sar.Update(h, l, c); mfi.Update(h, l, c, v);
                sink += emaFirst.Value + macdTaLib.Histogram + wma.Value + cci.Value + willr.Value + cmo.Value + cmoWilder.Value
                    + adx.Value + adx.PlusDi + stoch.D + obv.Value + vwap.Value + kama.Value + keltner.Upper + sar.Value + mfi.Value;
            }
        }
        double sink = 0;
        Run(0, 1000, ref sink);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000, x.Length, ref sink);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }
}
