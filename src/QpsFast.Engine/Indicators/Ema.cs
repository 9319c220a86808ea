namespace QpsFast.Engine.Indicators;

/// <summary>
/// Exponential moving average with α = 2 / (period + 1), seeded with the simple average of the first
/// <c>period</c> values (backtrader's and TA-Lib's convention).
/// </summary>
public struct Ema
{
    private readonly int _period;
    private readonly double _alpha;
    private int _count;
    private double _seedSum;

    /// <summary>Creates the average.</summary>
    public Ema(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _alpha = 2.0 / (period + 1);
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
        Value += _alpha * (value - Value);
        return true;
    }
}
