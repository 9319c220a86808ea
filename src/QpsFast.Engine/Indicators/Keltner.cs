namespace QpsFast.Engine.Indicators;

/// <summary>
/// Keltner channels as StockCharts defines them and as its worked sheet (the <c>ta</c> library's test data) computes
/// them: the middle line is the EMA of the close over <c>emaPeriod</c> (seeded with the first close by default,
/// see <see cref="EmaSeed"/>), the bands are middle ± <c>multiplier</c> × ATR over <c>atrPeriod</c>. The ATR is
/// StockCharts': the first bar's true range is its high − low, the first ATR the mean of the first <c>atrPeriod</c>
/// true ranges, then Wilder's smoothing (this differs from <see cref="Atr"/>, which starts on the second bar). Ready
/// after max(<c>emaPeriod</c>, <c>atrPeriod</c>) bars. O(1) per update, allocation-free.
/// </summary>
public struct Keltner
{
    private Ema _middle;
    private WilderAverage _atr;
    private readonly double _multiplier;
    private double _previousClose;
    private bool _hasPrevious;

    /// <summary>Creates the channels (for example 20, 10, 2) with the middle EMA seeded at the first close.</summary>
    public Keltner(int emaPeriod, int atrPeriod, double multiplier)
        : this(emaPeriod, atrPeriod, multiplier, EmaSeed.FirstValue)
    {
    }

    /// <summary>Creates the channels with the given seeding of the middle EMA.</summary>
    public Keltner(int emaPeriod, int atrPeriod, double multiplier, EmaSeed seed)
    {
        _middle = new Ema(emaPeriod, seed);
        _atr = new WilderAverage(atrPeriod);
        _multiplier = multiplier;
    }

    /// <summary>Returns the middle line.</summary>
    public readonly double Middle => _middle.Value;

    /// <summary>Returns the upper band.</summary>
    public readonly double Upper => _middle.Value + _multiplier * _atr.Value;

    /// <summary>Returns the lower band.</summary>
    public readonly double Lower => _middle.Value - _multiplier * _atr.Value;

    /// <summary>Returns the average true range.</summary>
    public readonly double AverageTrueRange => _atr.Value;

    /// <summary>Returns whether both the middle line and the ATR are ready.</summary>
    public readonly bool IsReady => _middle.IsReady && _atr.IsReady;

    /// <summary>Adds a bar and returns whether the channels are ready.</summary>
    public bool Update(double high, double low, double close)
    {
        double trueRange = _hasPrevious
            ? Math.Max(high, _previousClose) - Math.Min(low, _previousClose)
            : high - low;
        _previousClose = close;
        _hasPrevious = true;
        _atr.Update(trueRange);
        _middle.Update(close);
        return IsReady;
    }
}
