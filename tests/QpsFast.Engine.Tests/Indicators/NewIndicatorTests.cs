using QpsFast.Engine.Indicators;

namespace QpsFast.Engine.Tests.Indicators;

/// <summary>
/// The indicators added for issue 13: hand-computed values where no sheet exists (CMO), and the incremental updates
/// against brute-force recomputation over a long deterministic series (the running sums must not drift).
/// </summary>
public sealed class NewIndicatorTests
{
    private sealed record Bar(double High, double Low, double Close, double Volume);

    private static Bar[] Bars(int n)
    {
        var bars = new Bar[n];
        double v = 100;
        ulong state = 987654321;
        for (int i = 0; i < n; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            v += ((long)((state >> 33) % 2001) - 1000) / 1000.0;
            double spread = 0.2 + (state >> 20) % 100 / 50.0;
            // 50 bars in every 500 have no range and whole-number closes, so that windows with no range and runs of
            // unchanged closes occur.
            double close = i % 500 < 450 ? v : Math.Round(v);
            double high = i % 500 < 450 ? close + spread : close;
            double low = i % 500 < 450 ? close - spread : close;
            bars[i] = new Bar(high, low, close, 1000 + (state >> 40) % 5000);
        }
        return bars;
    }

    [Fact]
    public void Cmo_HandComputed()
    {
        // Period 3, closes 10, 11, 10.5, 12, 11, 11.5: changes +1, −0.5, +1.5, −1, +0.5.
        // At 12: up = 1 + 1.5 = 2.5, down = 0.5: 100 × (2.5 − 0.5) / 3 = 66.67.
        // At 11: moves −0.5, +1.5, −1: up 1.5, down 1.5: 0.
        // At 11.5: moves +1.5, −1, +0.5: up 2, down 1: 100 × 1 / 3 = 33.33.
        // Wilder (TA-Lib): at 12 the same 66.67 (averages 2.5/3 and 0.5/3); at 11 (move −1):
        // up = (5/6)·2/3 = 5/9, down = 1/6 + (1 − 1/6)/3 = 4/9: 100 × (1/9) / 1 = 11.11.
        var chande = new Cmo(3);
        var wilder = new Cmo(3, CmoSmoothing.Wilder);
        double[] closes = [10, 11, 10.5, 12, 11, 11.5];
        var sums = new List<double>();
        var smoothed = new List<double>();
        foreach (var c in closes)
        {
            if (chande.Update(c))
                sums.Add(chande.Value);
            if (wilder.Update(c))
                smoothed.Add(wilder.Value);
        }
        Assert.Equal(3, sums.Count);
        Assert.Equal(200.0 / 3, sums[0], 12);
        Assert.Equal(0.0, sums[1], 12);
        Assert.Equal(100.0 / 3, sums[2], 12);
        Assert.Equal(200.0 / 3, smoothed[0], 12);
        Assert.Equal(100.0 / 9, smoothed[1], 12);
    }

    [Fact]
    public void FlatInput_GivesTheDocumentedNeutralValues()
    {
        var cmo = new Cmo(5);
        var mfi = new Mfi(5);
        var willr = new WilliamsR(5);
        var stoch = new Stochastic(5, 3);
        var cci = new Cci(5);
        var kama = new Kama(5, 2, 30);
        var adx = new Adx(5);
        for (int i = 0; i < 20; i++)
        {
            cmo.Update(50); mfi.Update(51, 49, 50, 1000); willr.Update(50, 50, 50); stoch.Update(50, 50, 50);
            cci.Update(50, 50, 50); kama.Update(50); adx.Update(50, 50, 50);
        }
        Assert.Equal(0, cmo.Value);
        Assert.Equal(50, mfi.Value);
        Assert.Equal(0, willr.Value);
        Assert.Equal(0, stoch.D);
        Assert.Equal(0, cci.Value);
        Assert.Equal(50, kama.Value);
        Assert.Equal(0, kama.EfficiencyRatio);
        Assert.True(adx.IsReady);
        Assert.Equal(0, adx.Value);
    }

    [Fact]
    public void Ema_FirstValueSeed_StartsAtTheFirstValue()
    {
        var ema = new Ema(3, EmaSeed.FirstValue);
        Assert.False(ema.Update(10));
        Assert.Equal(10, ema.Value);
        Assert.False(ema.Update(14)); // α = 0.5: 10 + 0.5 × 4
        Assert.Equal(12, ema.Value);
        Assert.True(ema.Update(8));
        Assert.Equal(10, ema.Value);
    }

    [Fact]
    public void Macd_TaLibSeeding_StartsTheFastEmaLate_AndIsReadyAtTheSameBar()
    {
        var x = Bars(200).Select(b => b.Close).ToArray();
        var talib = new Macd(12, 26, 9, MacdSeeding.TaLib);
        var fast = new Ema(12);
        var slow = new Ema(26);
        for (int i = 0; i < x.Length; i++)
        {
            if (i >= 14)
                fast.Update(x[i]);
            bool slowReady = slow.Update(x[i]);
            Assert.Equal(i >= 33, talib.Update(x[i]));
            if (slowReady)
                Assert.Equal(fast.Value - slow.Value, talib.Line, 12);
        }
    }

    [Fact]
    public void IncrementalUpdates_MatchBruteForce_OverALongSeries()
    {
        var bars = Bars(5000);
        double Typical(int i) => (bars[i].High + bars[i].Low + bars[i].Close) / 3;
        var wma = new Wma(20);
        var cci = new Cci(20);
        var willr = new WilliamsR(14);
        var cmo = new Cmo(14);
        var vwap = new Vwap(14);
        var mfi = new Mfi(14);
        var kama = new Kama(10, 2, 30);
        var stoch = new Stochastic(14, 3, 3);
        var obv = new Obv();
        double bruteKama = double.NaN, bruteObv = 0;
        for (int i = 0; i < bars.Length; i++)
        {
            var (h, l, c, v) = (bars[i].High, bars[i].Low, bars[i].Close, bars[i].Volume);
            Assert.Equal(i >= 19, wma.Update(c));
            Assert.Equal(i >= 19, cci.Update(h, l, c));
            Assert.Equal(i >= 13, willr.Update(h, l, c));
            Assert.Equal(i >= 14, cmo.Update(c));
            Assert.Equal(i >= 13, vwap.Update(h, l, c, v));
            Assert.Equal(i >= 14, mfi.Update(h, l, c, v));
            Assert.Equal(i >= 10, kama.Update(c));
            Assert.Equal(i >= 17, stoch.Update(h, l, c));
            obv.Update(c, v);
            if (i > 0)
                bruteObv += c > bars[i - 1].Close ? v : c < bars[i - 1].Close ? -v : 0;
            Assert.Equal(bruteObv, obv.Value);

            if (i >= 19)
            {
                double weighted = 0, typicalMean = 0;
                for (int j = 0; j < 20; j++)
                {
                    weighted += (20 - j) * bars[i - j].Close;
                    typicalMean += Typical(i - j) / 20;
                }
                Assert.Equal(weighted / 210, wma.Value, 9);
                double deviation = Enumerable.Range(i - 19, 20).Sum(j => Math.Abs(Typical(j) - typicalMean)) / 20;
                double expected = deviation <= 1e-12 * Math.Abs(typicalMean) ? 0 : (Typical(i) - typicalMean) / (0.015 * deviation);
                Assert.Equal(expected, cci.Value, 6);
            }
            if (i >= 13)
            {
                double hh = Enumerable.Range(i - 13, 14).Max(j => bars[j].High);
                double ll = Enumerable.Range(i - 13, 14).Min(j => bars[j].Low);
                Assert.Equal(hh == ll ? 0 : (hh - c) / (hh - ll) * -100, willr.Value, 9);
                double pv = Enumerable.Range(i - 13, 14).Sum(j => Typical(j) * bars[j].Volume);
                double vol = Enumerable.Range(i - 13, 14).Sum(j => bars[j].Volume);
                Assert.Equal(pv / vol, vwap.Value, 9);
            }
            if (i >= 14)
            {
                double up = 0, down = 0, positive = 0, negative = 0;
                for (int j = i - 13; j <= i; j++)
                {
                    double change = bars[j].Close - bars[j - 1].Close;
                    up += Math.Max(change, 0);
                    down += Math.Max(-change, 0);
                    if (Typical(j) > Typical(j - 1)) positive += Typical(j) * bars[j].Volume;
                    if (Typical(j) < Typical(j - 1)) negative += Typical(j) * bars[j].Volume;
                }
                Assert.Equal(up + down == 0 ? 0 : 100 * (up - down) / (up + down), cmo.Value, 9);
                Assert.Equal(positive + negative == 0 ? 50 : 100 * positive / (positive + negative), mfi.Value, 9);
            }
            if (i == 9)
                bruteKama = c;
            else if (i >= 10)
            {
                double volatility = Enumerable.Range(i - 9, 10).Sum(j => Math.Abs(bars[j].Close - bars[j - 1].Close));
                double er = volatility == 0 ? 0 : Math.Abs(c - bars[i - 10].Close) / volatility;
                double sc = er * (2.0 / 3 - 2.0 / 31) + 2.0 / 31;
                bruteKama += sc * sc * (c - bruteKama);
                Assert.Equal(bruteKama, kama.Value, 9);
            }
            if (i >= 17)
            {
                double RawK(int at)
                {
                    double hh = Enumerable.Range(at - 13, 14).Max(j => bars[j].High);
                    double ll = Enumerable.Range(at - 13, 14).Min(j => bars[j].Low);
                    return hh == ll ? 0 : 100 * (bars[at].Close - ll) / (hh - ll);
                }
                double K(int at) => (RawK(at) + RawK(at - 1) + RawK(at - 2)) / 3;
                Assert.Equal(K(i), stoch.K, 9);
                Assert.Equal((K(i) + K(i - 1) + K(i - 2)) / 3, stoch.D, 9);
            }
        }
    }
}
