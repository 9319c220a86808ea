namespace QpsFast.Engine.Indicators;

/// <summary>
/// Wilder's smoothed moving average (α = 1 / period), seeded with the simple average of the first <c>period</c>
/// values. The smoothing of RSI and ATR.
/// </summary>
public struct WilderAverage
{
    private readonly int _period;
    private int _count;
    private double _seedSum;

    /// <summary>Creates the average.</summary>
    public WilderAverage(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> values have been seen.</summary>
    public readonly bool IsReady => _count >= _period;

    /// <summary>Adds a value and returns whether the average is ready.</summary>
    public bool Update(double value)
    {
        if (_count < _period)
        {
            _seedSum += value;
            _count++;
            Value = _seedSum / _count;
            return _count == _period;
        }
        Value += (value - Value) / _period;
        return true;
    }
}
