namespace QpsFast.Engine.Indicators;

/// <summary>
/// Money flow index over <c>period</c> bars: the raw money flow TP × volume (TP = (high + low + close) / 3) counts as
/// positive when TP rose from the previous bar and negative when it fell (neither when unchanged); MFI = 100 × positive
/// / (positive + negative) over the last <c>period</c> flows, in [0, 100] (50 when both are 0). The first bar has no
/// previous TP, so it is ready after <c>period + 1</c> bars. O(1) per update (running sums re-summed from the window
/// once per <c>period</c> updates), allocation-free after construction.
/// </summary>
public struct Mfi
{
    private RollingWindow _positive;
    private RollingWindow _negative;
    private double _positiveSum;
    private double _negativeSum;
    private int _positiveCount; // non-zero flows in the window: a window of zeros sums to exactly 0
    private int _negativeCount;
    private int _sinceResum;
    private double _previousTypical;
    private bool _hasPrevious;

    /// <summary>Creates the index.</summary>
    public Mfi(int period)
    {
        _positive = new RollingWindow(period);
        _negative = new RollingWindow(period);
    }

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> money flows (<c>period + 1</c> bars) have been seen.</summary>
    public readonly bool IsReady => _positive.IsFull;

    /// <summary>Adds a bar and returns whether the index is ready.</summary>
    public bool Update(double high, double low, double close, double volume)
    {
        double typical = (high + low + close) / 3;
        if (!_hasPrevious)
        {
            _previousTypical = typical;
            _hasPrevious = true;
            return false;
        }
        double flow = typical * volume;
        double positive = typical > _previousTypical ? flow : 0;
        double negative = typical < _previousTypical ? flow : 0;
        _previousTypical = typical;
        double evictedPositive = _positive.Push(positive);
        double evictedNegative = _negative.Push(negative);
        _positiveSum += positive;
        _negativeSum += negative;
        _positiveCount += positive != 0 ? 1 : 0;
        _negativeCount += negative != 0 ? 1 : 0;
        if (!double.IsNaN(evictedPositive))
        {
            _positiveSum -= evictedPositive;
            _negativeSum -= evictedNegative;
            _positiveCount -= evictedPositive != 0 ? 1 : 0;
            _negativeCount -= evictedNegative != 0 ? 1 : 0;
        }
        if (++_sinceResum == _positive.Capacity)
        {
            _sinceResum = 0;
            _positiveSum = _positive.Sums(0).Sum;
            _negativeSum = _negative.Sums(0).Sum;
        }
        double up = _positiveCount == 0 ? 0 : Math.Max(0, _positiveSum);
        double down = _negativeCount == 0 ? 0 : Math.Max(0, _negativeSum);
        double total = up + down;
        Value = total == 0 ? 50 : 100 * up / total;
        return IsReady;
    }
}
