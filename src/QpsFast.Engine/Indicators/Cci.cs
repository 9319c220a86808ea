namespace QpsFast.Engine.Indicators;

/// <summary>
/// Commodity channel index over <c>period</c> bars: (TP − SMA(TP)) / (0.015 × mean deviation), with the typical
/// price TP = (high + low + close) / 3 and the mean deviation Σ|TP − SMA(TP)| / period. 0 when the window is flat
/// (a mean deviation within 1e-12 of the mean's magnitude, so that rounding residue in a flat window is not divided
/// into a spurious ±66.7; TA-Lib guards the same way).
/// <para>
/// Not O(1): the mean absolute deviation is taken around the current mean, which moves with every bar, and has no
/// exact running update, so the mean and the deviation are summed over the window on each bar (O(period); TA-Lib and
/// the <c>ta</c> library do the same), four lanes at a time (<see cref="RollingWindow.AbsoluteDeviationSum"/>): about
/// 4 ns a bar at period 20 and 11 ns at 100 (docs/performance/pipeline.md). Allocation-free after construction.
/// </para>
/// </summary>
public struct Cci
{
    /// <summary>Lambert's constant, which scales about 70–80 % of values into ±100.</summary>
    public const double Constant = 0.015;

    private RollingWindow _typical;

    /// <summary>Creates the index.</summary>
    public Cci(int period) => _typical = new RollingWindow(period);

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> bars have been seen.</summary>
    public readonly bool IsReady => _typical.IsFull;

    /// <summary>Adds a bar and returns whether the index is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        double typical = (high + low + close) / 3;
        _typical.Push(typical);
        if (!_typical.IsFull)
            return false;
        int n = _typical.Count;
        double mean = _typical.LaneSum() / n;
        double deviation = _typical.AbsoluteDeviationSum(mean) / n;
        Value = deviation <= 1e-12 * Math.Abs(mean) ? 0 : (typical - mean) / (Constant * deviation);
        return true;
    }
}
