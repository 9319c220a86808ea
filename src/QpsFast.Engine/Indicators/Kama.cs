namespace QpsFast.Engine.Indicators;

/// <summary>
/// Kaufman's adaptive moving average (for example 10, 2, 30). The efficiency ratio ER = |close − close
/// <c>period</c> bars ago| / Σ|close − previous close| over the last <c>period</c> changes (0 when nothing moved); the
/// smoothing constant SC = (ER·(2/(fast + 1) − 2/(slow + 1)) + 2/(slow + 1))²; KAMA += SC·(close − KAMA). Seeded with
/// the <c>period</c>-th close, so the first value is on the next bar: ready after <c>period + 1</c> closes (TA-Lib's
/// and StockCharts' warm-up). O(1) per update (the volatility sum re-summed from the window once per <c>period</c>
/// updates), allocation-free after construction.
/// </summary>
public struct Kama
{
    private RollingWindow _closes;
    private RollingWindow _moves;
    private readonly double _fastest;
    private readonly double _slowest;
    private double _volatility;
    private int _sinceResum;

    /// <summary>Creates the average.</summary>
    public Kama(int period, int fastPeriod, int slowPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slowPeriod, 1);
        _closes = new RollingWindow(period + 1);
        _moves = new RollingWindow(period);
        _fastest = 2.0 / (fastPeriod + 1);
        _slowest = 2.0 / (slowPeriod + 1);
    }

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns the last efficiency ratio in [0, 1] (valid once <see cref="IsReady"/>).</summary>
    public double EfficiencyRatio { readonly get; private set; }

    /// <summary>Returns whether <c>period + 1</c> closes have been seen.</summary>
    public readonly bool IsReady => _closes.IsFull;

    /// <summary>Adds a close and returns whether the average is ready.</summary>
    public bool Update(double close)
    {
        if (_closes.Count > 0)
        {
            double move = Math.Abs(close - _closes.Ago(0));
            double evicted = _moves.Push(move);
            _volatility += move;
            if (!double.IsNaN(evicted))
                _volatility -= evicted;
            if (++_sinceResum == _moves.Capacity)
            {
                _sinceResum = 0;
                _volatility = _moves.Sums(0).Sum;
            }
        }
        _closes.Push(close);
        if (!_closes.IsFull)
        {
            Value = close; // the seed: the last close before the first full window
            return false;
        }
        double change = Math.Abs(close - _closes.Oldest);
        double ratio = _volatility > 0 ? Math.Min(1, change / _volatility) : 0;
        EfficiencyRatio = ratio;
        double constant = ratio * (_fastest - _slowest) + _slowest;
        Value += constant * constant * (close - Value);
        return true;
    }
}
