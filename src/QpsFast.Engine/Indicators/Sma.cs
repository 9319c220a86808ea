namespace QpsFast.Engine.Indicators;

/// <summary>Simple moving average over <c>period</c> values. O(1) per update, allocation-free after construction.</summary>
public struct Sma
{
    private RollingWindow _window;
    private double _sum;

    /// <summary>Creates the average.</summary>
    public Sma(int period) => _window = new RollingWindow(period);

    /// <summary>Returns the current average (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> values have been seen.</summary>
    public readonly bool IsReady => _window.IsFull;

    /// <summary>Adds a value and returns whether the average is ready.</summary>
    public bool Update(double value)
    {
        double evicted = _window.Push(value);
        _sum += value;
        if (!double.IsNaN(evicted))
            _sum -= evicted;
        Value = _sum / _window.Count;
        return IsReady;
    }
}
