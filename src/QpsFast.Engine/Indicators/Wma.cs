namespace QpsFast.Engine.Indicators;

/// <summary>
/// Linearly weighted moving average over <c>period</c> values: the newest has weight <c>period</c>, the oldest 1,
/// divided by period·(period + 1)/2. O(1) per update from a running sum and a running weighted sum (when the window
/// slides every weight drops by one: W' = W − S + period·x), both re-summed from the window once per <c>period</c>
/// updates (amortized O(1)) so that rounding does not accumulate. Allocation-free after construction.
/// </summary>
public struct Wma
{
    private RollingWindow _window;
    private readonly double _divisor;
    private double _sum;
    private double _weighted;
    private int _sinceResum;

    /// <summary>Creates the average.</summary>
    public Wma(int period)
    {
        _window = new RollingWindow(period);
        _divisor = period * (period + 1) / 2.0;
    }

    /// <summary>Returns the current average (valid once <see cref="IsReady"/>).</summary>
    public readonly double Value => _weighted / _divisor;

    /// <summary>Returns whether <c>period</c> values have been seen.</summary>
    public readonly bool IsReady => _window.IsFull;

    /// <summary>Adds a value and returns whether the average is ready.</summary>
    public bool Update(double value)
    {
        double evicted = _window.Push(value);
        if (double.IsNaN(evicted))
        {
            _weighted += _window.Count * value;
            _sum += value;
        }
        else
        {
            _weighted += _window.Capacity * value - _sum;
            _sum += value - evicted;
        }
        if (++_sinceResum == _window.Capacity)
        {
            _sinceResum = 0;
            double sum = 0, weighted = 0;
            int n = _window.Count;
            for (int ago = 0; ago < n; ago++)
            {
                double v = _window.Ago(ago);
                sum += v;
                weighted += (n - ago) * v;
            }
            _sum = sum;
            _weighted = weighted;
        }
        return IsReady;
    }
}
