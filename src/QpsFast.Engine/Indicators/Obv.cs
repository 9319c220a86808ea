namespace QpsFast.Engine.Indicators;

/// <summary>
/// On-balance volume: a running total that adds the bar's volume when the close rises, subtracts it when the close
/// falls and leaves it when the close is unchanged. StockCharts' convention: the first bar has no previous close and
/// contributes nothing, so the total starts at 0 (TA-Lib starts at the first bar's volume, a constant offset). Ready
/// from the first bar. O(1), allocation-free.
/// </summary>
public struct Obv
{
    private double _previousClose;
    private bool _hasPrevious;

    /// <summary>Returns the running total.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether a bar has been seen.</summary>
    public readonly bool IsReady => _hasPrevious;

    /// <summary>Adds a bar and returns whether the indicator is ready (always true).</summary>
    public bool Update(double close, double volume)
    {
        if (_hasPrevious)
        {
            if (close > _previousClose)
                Value += volume;
            else if (close < _previousClose)
                Value -= volume;
        }
        _previousClose = close;
        _hasPrevious = true;
        return true;
    }
}
