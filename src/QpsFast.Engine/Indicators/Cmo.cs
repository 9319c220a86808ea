namespace QpsFast.Engine.Indicators;

/// <summary>How a <see cref="Cmo"/> accumulates up and down moves.</summary>
public enum CmoSmoothing
{
    /// <summary>Chande's definition: plain sums of the last <c>period</c> up and down moves (the default).</summary>
    Sum,

    /// <summary>
    /// TA-Lib's <c>TA_CMO</c>: Wilder-smoothed averages of up and down moves, as in RSI (so CMO = 2·RSI − 100). The
    /// first value equals <see cref="Sum"/>'s; later ones differ.
    /// </summary>
    Wilder,
}

/// <summary>
/// Chande momentum oscillator over <c>period</c> changes: 100 × (up − down) / (up + down), in [−100, 100], where
/// up and down are the up and down moves of the close. 0 when nothing moved. Ready after <c>period</c> changes,
/// i.e. <c>period + 1</c> values. O(1) per update (running sums re-summed from the window once per <c>period</c>
/// updates, or Wilder averages); allocation-free after construction.
/// </summary>
public struct Cmo
{
    private readonly bool _wilder;
    private RollingWindow _ups;
    private RollingWindow _downs;
    private WilderAverage _upAverage;
    private WilderAverage _downAverage;
    private double _upSum;
    private double _downSum;
    private int _upCount;   // non-zero up moves in the window: a window of zeros sums to exactly 0
    private int _downCount;
    private int _sinceResum;
    private double _previous;
    private bool _hasPrevious;

    /// <summary>Creates the oscillator with Chande's plain sums.</summary>
    public Cmo(int period)
        : this(period, CmoSmoothing.Sum)
    {
    }

    /// <summary>Creates the oscillator with the given accumulation.</summary>
    public Cmo(int period, CmoSmoothing smoothing)
    {
        _wilder = smoothing == CmoSmoothing.Wilder;
        if (_wilder)
        {
            _upAverage = new WilderAverage(period);
            _downAverage = new WilderAverage(period);
        }
        else
        {
            _ups = new RollingWindow(period);
            _downs = new RollingWindow(period);
        }
    }

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> changes have been seen.</summary>
    public readonly bool IsReady => _wilder ? _upAverage.IsReady : _ups.IsFull;

    /// <summary>Adds a close and returns whether the oscillator is ready.</summary>
    public bool Update(double close)
    {
        if (!_hasPrevious)
        {
            _previous = close;
            _hasPrevious = true;
            return false;
        }
        double change = close - _previous;
        _previous = close;
        double up = change > 0 ? change : 0;
        double down = change < 0 ? -change : 0;
        double upTotal, downTotal;
        if (_wilder)
        {
            _upAverage.Update(up);
            _downAverage.Update(down);
            upTotal = _upAverage.Value;
            downTotal = _downAverage.Value;
        }
        else
        {
            double upEvicted = _ups.Push(up);
            double downEvicted = _downs.Push(down);
            _upSum += up;
            _downSum += down;
            _upCount += up > 0 ? 1 : 0;
            _downCount += down > 0 ? 1 : 0;
            if (!double.IsNaN(upEvicted))
            {
                _upSum -= upEvicted;
                _downSum -= downEvicted;
                _upCount -= upEvicted > 0 ? 1 : 0;
                _downCount -= downEvicted > 0 ? 1 : 0;
            }
            if (++_sinceResum == _ups.Capacity)
            {
                _sinceResum = 0;
                _upSum = _ups.Sums(0).Sum;
                _downSum = _downs.Sums(0).Sum;
            }
            upTotal = _upCount == 0 ? 0 : Math.Max(0, _upSum);
            downTotal = _downCount == 0 ? 0 : Math.Max(0, _downSum);
        }
        double total = upTotal + downTotal;
        Value = total == 0 ? 0 : 100 * (upTotal - downTotal) / total;
        return IsReady;
    }
}
