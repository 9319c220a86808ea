using System.Globalization;
using QpsFast.Engine.Indicators;

namespace QpsFast.Engine.Tests.Indicators;

/// <summary>
/// Runs every indicator over backtrader's 2006-day-001 bars and checks backtrader's published values (first,
/// middle and last checkpoint of each) to 6 decimals, and that nothing is ready before the published minimum period.
/// </summary>
public sealed class BacktraderCheckpointTests
{
    private sealed record Bar(string Date, double Open, double High, double Low, double Close);

    private static List<Bar> LoadBars()
    {
        var bars = new List<Bar>();
        foreach (var line in File.ReadLines(SharedData.PathOf("indicators/2006-day-001.txt")).Skip(1))
        {
            var f = line.Split(',');
            bars.Add(new Bar(f[0], D(f[1]), D(f[2]), D(f[3]), D(f[4])));
        }
        return bars;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static List<(string Indicator, string Line, int Index, string Date, double Expected, int MinPeriod)> LoadCheckpoints()
    {
        var rows = new List<(string, string, int, string, double, int)>();
        foreach (var line in File.ReadLines(SharedData.PathOf("indicators/backtrader_indicator_checkpoints_2006-day-001.csv")).Skip(1))
        {
            // The indicator name may be quoted and contain commas: "BBands(20,2)".
            string name;
            string rest;
            if (line.StartsWith('"'))
            {
                int close = line.IndexOf('"', 1);
                name = line[1..close];
                rest = line[(close + 2)..];
            }
            else
            {
                int comma = line.IndexOf(',');
                name = line[..comma];
                rest = line[(comma + 1)..];
            }
            var f = rest.Split(',');
            int minPeriod = int.TryParse(f[5], out int mp) ? mp : -1;
            rows.Add((name, f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], D(f[3]), minPeriod));
        }
        return rows;
    }

    /// <summary>Every line of every indicator at every bar (NaN before ready).</summary>
    private static Dictionary<(string, string), double[]> Compute(List<Bar> bars)
    {
        var series = new Dictionary<(string, string), double[]>();
        double[] New(string ind, string line) => series[(ind, line)] = Enumerable.Repeat(double.NaN, bars.Count).ToArray();
        var sma = New("SMA(30)", "value");
        var ema = New("EMA(30)", "value");
        var rsi = New("RSI(14)", "value");
        var atr = New("ATR(14)", "value");
        var mid = New("BBands(20,2)", "mid");
        var top = New("BBands(20,2)", "top");
        var bot = New("BBands(20,2)", "bot");
        var macd = New("MACDHisto(12,26,9)", "macd");
        var signal = New("MACDHisto(12,26,9)", "signal");
        var histo = New("MACDHisto(12,26,9)", "histo");

        var s = new Sma(30);
        var e = new Ema(30);
        var r = new Rsi(14);
        var a = new Atr(14);
        var b = new Bollinger(20, 2);
        var m = new Macd(12, 26, 9);
        for (int i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            if (s.Update(bar.Close)) sma[i] = s.Value;
            if (e.Update(bar.Close)) ema[i] = e.Value;
            if (r.Update(bar.Close)) rsi[i] = r.Value;
            if (a.Update(bar.High, bar.Low, bar.Close)) atr[i] = a.Value;
            if (b.Update(bar.Close))
            {
                mid[i] = b.Middle;
                top[i] = b.Upper;
                bot[i] = b.Lower;
            }
            if (m.Update(bar.Close))
            {
                macd[i] = m.Line;
                signal[i] = m.Signal;
                histo[i] = m.Histogram;
            }
        }
        return series;
    }

    [SkippableFact]
    public void EveryCheckpoint_MatchesBacktrader_To6Decimals()
    {
        var bars = LoadBars();
        var series = Compute(bars);
        var checkpoints = LoadCheckpoints();
        Assert.True(checkpoints.Count >= 30, $"only {checkpoints.Count} checkpoints read");
        var failures = new List<string>();
        foreach (var (indicator, line, index, date, expected, _) in checkpoints)
        {
            Assert.True(series.ContainsKey((indicator, line)), $"no implementation for {indicator}.{line}");
            Assert.Equal(date, bars[index].Date);
            double actual = series[(indicator, line)][index];
            if (!(Math.Abs(Math.Round(actual, 6) - expected) <= 1e-6))
                failures.Add($"{indicator}.{line} @ {date} (bar {index}): expected {expected:F6}, got {actual:F6}");
        }
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void NothingIsReady_BeforeThePublishedMinimumPeriod()
    {
        var bars = LoadBars();
        var series = Compute(bars);
        foreach (var (indicator, line, index, _, _, minPeriod) in LoadCheckpoints())
        {
            if (minPeriod <= 0)
                continue;
            var values = series[(indicator, line)];
            Assert.True(double.IsNaN(values[minPeriod - 2]), $"{indicator}.{line} ready at bar {minPeriod - 2}");
            Assert.False(double.IsNaN(values[minPeriod - 1]), $"{indicator}.{line} not ready at bar {minPeriod - 1}");
        }
    }
}
