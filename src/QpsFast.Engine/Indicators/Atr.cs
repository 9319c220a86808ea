namespace QpsFast.Engine.Indicators;

/// <summary>
/// Average true range with Wilder smoothing. The true range needs the previous close, so the first is taken on the
/// second bar; ready after <c>period</c> true ranges (<c>period + 1</c> bars).
/// </summary>
public struct Atr
{
    private WilderAverage _average;
    private double _previousClose;
    private bool _hasPrevious;

    /// <summary>Creates the indicator.</summary>
    public Atr(int period) => _average = new WilderAverage(period);

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public readonly double Value => _average.Value;

    /// <summary>Returns whether the indicator is ready.</summary>
    public readonly bool IsReady => _average.IsReady;

    /// <summary>Adds a bar and returns whether the indicator is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        if (!_hasPrevious)
        {
            _previousClose = close;
            _hasPrevious = true;
            return false;
        }
        double trueRange = Math.Max(high, _previousClose) - Math.Min(low, _previousClose);
        _previousClose = close;
        return _average.Update(trueRange);
    }
}
