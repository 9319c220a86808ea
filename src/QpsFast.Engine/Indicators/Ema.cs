namespace QpsFast.Engine.Indicators;

/// <summary>How an <see cref="Ema"/> starts its recursion.</summary>
public enum EmaSeed
{
    /// <summary>
    /// The simple average of the first <c>period</c> values is the first value (backtrader, and TA-Lib's default
    /// compatibility).
    /// </summary>
    SimpleAverage,

    /// <summary>
    /// The first value is the seed and the recursion runs from the second value on (pandas <c>ewm(adjust=False)</c>,
    /// the <c>ta</c> library, and TA-Lib's Metastock compatibility).
    /// </summary>
    FirstValue,
}

/// <summary>
/// Exponential moving average with α = 2 / (period + 1). By default seeded with the simple average of the first
/// <c>period</c> values (backtrader's and TA-Lib's default convention); <see cref="EmaSeed.FirstValue"/> starts from
/// the first value instead. Either way it is ready after <c>period</c> values.
/// </summary>
public struct Ema
{
    private readonly int _period;
    private readonly double _alpha;
    private readonly bool _seedWithFirst;
    private int _count;
    private double _seedSum;

    /// <summary>Creates the average.</summary>
    public Ema(int period, EmaSeed seed = EmaSeed.SimpleAverage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _alpha = 2.0 / (period + 1);
        _seedWithFirst = seed == EmaSeed.FirstValue;
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
            _count++;
            if (_seedWithFirst)
                Value = _count == 1 ? value : Value + _alpha * (value - Value);
            else
            {
                _seedSum += value;
                Value = _seedSum / _count;
            }
            return _count == _period;
        }
        Value += _alpha * (value - Value);
        return true;
    }
}
