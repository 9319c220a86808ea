namespace QpsFast.Engine.Indicators;

/// <summary>Where the fast EMA of a <see cref="Macd"/> starts.</summary>
public enum MacdSeeding
{
    /// <summary>
    /// Both EMAs start at the first value, each seeded with the simple average of its own first <c>period</c> values
    /// (backtrader; the default).
    /// </summary>
    Backtrader,

    /// <summary>
    /// TA-Lib's <c>TA_MACD</c>: the fast EMA skips the first <c>slow − fast</c> values, so that both EMAs are seeded
    /// with simple averages that end on the same bar (the <c>slow</c>-th value).
    /// </summary>
    TaLib,
}

/// <summary>
/// MACD: fast EMA − slow EMA, its signal EMA, and the histogram (MACD − signal). The signal EMA is seeded with the
/// simple average of the first <c>signal</c> MACD values, so it is ready after <c>slow + signal − 1</c> values. The
/// two seedings (<see cref="MacdSeeding"/>) differ only in where the fast EMA starts; they converge as the seed decays.
/// </summary>
public struct Macd
{
    private Ema _fast;
    private Ema _slow;
    private Ema _signal;
    private readonly int _fastSkip;
    private int _skipped;

    /// <summary>Creates the indicator (for example 12, 26, 9) with backtrader's seeding.</summary>
    public Macd(int fast, int slow, int signal)
        : this(fast, slow, signal, MacdSeeding.Backtrader)
    {
    }

    /// <summary>Creates the indicator with the given seeding of the fast EMA.</summary>
    public Macd(int fast, int slow, int signal, MacdSeeding seeding)
    {
        _fast = new Ema(fast);
        _slow = new Ema(slow);
        _signal = new Ema(signal);
        _fastSkip = seeding == MacdSeeding.TaLib ? Math.Max(0, slow - fast) : 0;
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
        if (_skipped < _fastSkip)
            _skipped++;
        else
            _fast.Update(value);
        if (!_slow.Update(value))
            return false;
        Line = _fast.Value - _slow.Value;
        return _signal.Update(Line);
    }
}
