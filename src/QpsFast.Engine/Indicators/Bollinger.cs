namespace QpsFast.Engine.Indicators;

/// <summary>Bollinger bands: the simple average ± <c>k</c> population standard deviations over <c>period</c> values.</summary>
public struct Bollinger
{
    private RollingStats _stats;
    private readonly double _k;

    /// <summary>Creates the bands.</summary>
    public Bollinger(int period, double k)
    {
        _stats = new RollingStats(period);
        _k = k;
    }

    /// <summary>Returns the middle band.</summary>
    public readonly double Middle => _stats.Mean;

    /// <summary>Returns the upper band.</summary>
    public readonly double Upper => _stats.Mean + _k * _stats.PopulationStdDev;

    /// <summary>Returns the lower band.</summary>
    public readonly double Lower => _stats.Mean - _k * _stats.PopulationStdDev;

    /// <summary>Returns whether the bands are ready.</summary>
    public readonly bool IsReady => _stats.IsReady;

    /// <summary>Adds a value and returns whether the bands are ready.</summary>
    public bool Update(double value) => _stats.Update(value);
}
