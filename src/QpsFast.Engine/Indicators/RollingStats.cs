namespace QpsFast.Engine.Indicators;

/// <summary>
/// Rolling mean, standard deviation (population and sample) and z-score over the last <c>period</c> values, from
/// running sums (O(1) per update). The sums are taken around a shift, re-centred on the window mean when they are
/// recomputed from the window once per <c>period</c> updates (amortized O(1)): this avoids both the cancellation of
/// E[x²] − mean² at large magnitudes and the accumulation of add/remove rounding.
/// </summary>
public struct RollingStats
{
    private RollingWindow _window;
    private double _shift;
    private double _sum;        // Σ(x − shift)
    private double _sumSquares; // Σ(x − shift)²
    private int _sinceResum;

    /// <summary>Creates the statistics.</summary>
    public RollingStats(int period) => _window = new RollingWindow(period);

    /// <summary>Returns whether the window is full.</summary>
    public readonly bool IsReady => _window.IsFull;

    /// <summary>Returns the mean of the window.</summary>
    public readonly double Mean => _window.Count == 0 ? 0 : _shift + _sum / _window.Count;

    /// <summary>Returns the population variance (÷ n).</summary>
    public readonly double PopulationVariance
    {
        get
        {
            int n = _window.Count;
            if (n == 0)
                return 0;
            double m = _sum / n;
            return Math.Max(0, _sumSquares / n - m * m);
        }
    }

    /// <summary>Returns the population standard deviation (÷ n), the Bollinger convention.</summary>
    public readonly double PopulationStdDev => Math.Sqrt(PopulationVariance);

    /// <summary>Returns the sample standard deviation (÷ n − 1).</summary>
    public readonly double SampleStdDev
    {
        get
        {
            int n = _window.Count;
            return n < 2 ? 0 : Math.Sqrt(PopulationVariance * n / (n - 1));
        }
    }

    /// <summary>Returns (x − mean) / population std, or 0 when the deviation is 0.</summary>
    public readonly double ZScore(double x)
    {
        double sd = PopulationStdDev;
        return sd == 0 ? 0 : (x - Mean) / sd;
    }

    /// <summary>Adds a value and returns whether the window is full.</summary>
    public bool Update(double value)
    {
        if (_window.Count == 0)
            _shift = value;
        double evicted = _window.Push(value);
        double d = value - _shift;
        _sum += d;
        _sumSquares += d * d;
        if (!double.IsNaN(evicted))
        {
            double e = evicted - _shift;
            _sum -= e;
            _sumSquares -= e * e;
        }
        if (++_sinceResum == _window.Capacity)
        {
            _sinceResum = 0;
            _shift = _window.Mean();
            (_sum, _sumSquares) = _window.Sums(_shift);
        }
        return IsReady;
    }
}
