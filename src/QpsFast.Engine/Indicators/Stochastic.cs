namespace QpsFast.Engine.Indicators;

/// <summary>
/// Stochastic oscillator: raw %K = 100 × (close − lowest low) / (highest high − lowest low) over the last
/// <c>period</c> bars (the current one included; 0 when the window has no range, as TA-Lib does), %K its simple
/// average over <c>kSmoothing</c> bars (1: the fast stochastic, StockCharts' %K; 3: the slow stochastic, TA-Lib's
/// <c>TA_STOCH</c> slow-K), and %D the simple average of %K over <c>dPeriod</c> bars. Amortized O(1) per update,
/// allocation-free after construction.
/// </summary>
public struct Stochastic
{
    private Donchian _channel;
    private Sma _k;
    private Sma _d;

    /// <summary>Creates the fast stochastic (%K unsmoothed), for example (14, 3).</summary>
    public Stochastic(int period, int dPeriod)
        : this(period, dPeriod, 1)
    {
    }

    /// <summary>Creates the stochastic with %K smoothed over <paramref name="kSmoothing"/> bars.</summary>
    public Stochastic(int period, int dPeriod, int kSmoothing)
    {
        _channel = new Donchian(period);
        _k = new Sma(kSmoothing);
        _d = new Sma(dPeriod);
    }

    /// <summary>Returns %K (valid once <see cref="KReady"/>).</summary>
    public readonly double K => _k.Value;

    /// <summary>Returns %D (valid once <see cref="IsReady"/>).</summary>
    public readonly double D => _d.Value;

    /// <summary>Returns whether %K is ready (<c>period + kSmoothing − 1</c> bars).</summary>
    public readonly bool KReady => _k.IsReady;

    /// <summary>Returns whether %D is ready (<c>period + kSmoothing + dPeriod − 2</c> bars).</summary>
    public readonly bool IsReady => _d.IsReady;

    /// <summary>Adds a bar and returns whether %D is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        if (!_channel.Update(high, low))
            return false;
        double range = _channel.Upper - _channel.Lower;
        double raw = range == 0 ? 0 : 100 * (close - _channel.Lower) / range;
        if (!_k.Update(raw))
            return false;
        return _d.Update(_k.Value);
    }
}
