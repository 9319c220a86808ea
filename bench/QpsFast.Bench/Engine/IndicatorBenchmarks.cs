using BenchmarkDotNet.Attributes;
using QpsFast.Engine.Indicators;

namespace QpsFast.Bench.Engine;

/// <summary>
/// ns per bar of indicators' <c>Update</c>: CCI, the one that re-sums its window (O(period)), at two periods beside
/// O(1) ones (ATR, ADX, WMA, KAMA) on the same 4,096 bars of a deterministic random walk.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class IndicatorBenchmarks
{
    private const int Bars = 4096;
    private readonly double[] _high = new double[Bars], _low = new double[Bars], _close = new double[Bars];

    [GlobalSetup]
    public void Setup()
    {
        ulong state = 42;
        double price = 100;
        for (int i = 0; i < Bars; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            price += ((state >> 11) * (1.0 / (1UL << 53)) - 0.5) * 0.2;
            _close[i] = price;
            _high[i] = price + 0.05;
            _low[i] = price - 0.05;
        }
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Cci20()
    {
        var x = new Cci(20);
        for (int i = 0; i < Bars; i++)
            x.Update(_high[i], _low[i], _close[i]);
        return x.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Cci100()
    {
        var x = new Cci(100);
        for (int i = 0; i < Bars; i++)
            x.Update(_high[i], _low[i], _close[i]);
        return x.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double ScalarCci20() => ScalarCci(20);

    [Benchmark(OperationsPerInvoke = Bars)]
    public double ScalarCci100() => ScalarCci(100);

    private double ScalarCci(int period)
    {
        var w = new RollingWindow(period);
        double value = 0;
        for (int i = 0; i < Bars; i++)
        {
            double typical = (_high[i] + _low[i] + _close[i]) / 3;
            w.Push(typical);
            if (!w.IsFull)
                continue;
            double mean = w.Mean(), deviation = 0;
            for (int ago = 0; ago < period; ago++)
                deviation += Math.Abs(w.Ago(ago) - mean);
            value = (typical - mean) / (0.015 * deviation / period);
        }
        return value;
    }

    [Benchmark(OperationsPerInvoke = Bars, Baseline = true)]
    public double Atr14()
    {
        var x = new Atr(14);
        for (int i = 0; i < Bars; i++)
            x.Update(_high[i], _low[i], _close[i]);
        return x.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Adx14()
    {
        var x = new Adx(14);
        for (int i = 0; i < Bars; i++)
            x.Update(_high[i], _low[i], _close[i]);
        return x.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Wma20()
    {
        var x = new Wma(20);
        for (int i = 0; i < Bars; i++)
            x.Update(_close[i]);
        return x.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Kama10()
    {
        var x = new Kama(10, 2, 30);
        for (int i = 0; i < Bars; i++)
            x.Update(_close[i]);
        return x.Value;
    }
}
