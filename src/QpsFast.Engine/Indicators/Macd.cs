namespace QpsFast.Engine.Indicators;

/// <summary>
/// MACD: fast EMA − slow EMA, its signal EMA, and the histogram (MACD − signal). The signal EMA is seeded with the
/// simple average of the first <c>signal</c> MACD values, so it is ready after <c>slow + signal − 1</c> values.
/// </summary>
public struct Macd
{
    private Ema _fast;
    private Ema _slow;
    private Ema _signal;

    /// <summary>Creates the indicator (for example 12, 26, 9).</summary>
    public Macd(int fast, int slow, int signal)
    {
        _fast = new Ema(fast);
        _slow = new Ema(slow);
        _signal = new Ema(signal);
    }

    /// <summary>Returns the MACD line.</summary>
    public double Line { readonly get; private set; }

    /// <summary>Returns the signal line.</summary>
    public readonly double Signal => _signal.Value;

    /// <summary>Returns the histogram.</summary>
    public readonly double Histogram => Line - _signal.Value;

    /// <summary>Returns whether the signal line is ready.</summary>
    public readonly bool IsReady => _signal.IsReady;

    /// <summary>Adds a value and returns whether the signal line is ready.</summary>
    public bool Update(double value)
    {
        _fast.Update(value);
        if (!_slow.Update(value))
            return false;
        Line = _fast.Value - _slow.Value;
        return _signal.Update(Line);
    }
}
