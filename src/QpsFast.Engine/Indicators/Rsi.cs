namespace QpsFast.Engine.Indicators;

/// <summary>
/// Relative strength index with Wilder smoothing of up and down moves: 100 − 100 / (1 + avgUp / avgDown). Ready
/// after <c>period</c> changes, i.e. <c>period + 1</c> values.
/// </summary>
public struct Rsi
{
    private WilderAverage _up;
    private WilderAverage _down;
    private double _previous;
    private bool _hasPrevious;

    /// <summary>Creates the index.</summary>
    public Rsi(int period)
    {
        _up = new WilderAverage(period);
        _down = new WilderAverage(period);
    }

    /// <summary>Returns the current value in [0, 100] (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether the index is ready.</summary>
    public readonly bool IsReady => _up.IsReady;

    /// <summary>Adds a close and returns whether the index is ready.</summary>
    public bool Update(double close)
    {
        if (!_hasPrevious)
        {
            _previous = close;
            _hasPrevious = true;
            return false;
        }
        double change = close - _previous;
        _previous = close;
        _up.Update(change > 0 ? change : 0);
        _down.Update(change < 0 ? -change : 0);
        if (!_up.IsReady)
            return false;
        double down = _down.Value;
        Value = down == 0 ? 100 : 100 - 100 / (1 + _up.Value / down);
        return true;
    }
}
