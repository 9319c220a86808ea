namespace QpsFast.Engine.Indicators;

/// <summary>
/// Wilder's parabolic stop and reverse (for example step 0.02, maximum 0.2), started as the <c>ta</c> library's
/// <c>PSARIndicator</c> starts it (the reference of its StockCharts sheet): the trend is taken as up from the first
/// bar, with the first bar's high as the extreme point and the second bar's close as the previous SAR; the first SAR
/// is on the third bar. In an uptrend SAR += AF·(EP − SAR), capped at the lows of the two previous bars; a low below
/// it reverses the trend (SAR = the uptrend's EP, EP = the bar's low, AF = step); a new high raises EP and AF by step
/// up to the maximum. The downtrend mirrors it. O(1) per update, allocation-free.
/// </summary>
public struct ParabolicSar
{
    private readonly double _step;
    private readonly double _maximum;
    private double _acceleration;
    private double _upTrendHigh;
    private double _downTrendLow;
    private double _high1;
    private double _low1;
    private double _high2;
    private double _low2;
    private int _count;

    /// <summary>Creates the indicator.</summary>
    public ParabolicSar(double step, double maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, step);
        _step = step;
        _maximum = maximum;
        _acceleration = step;
        IsLong = true;
    }

    /// <summary>Returns the stop and reverse level (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether the trend is up (the SAR is below the price, StockCharts' <c>psar_up</c>).</summary>
    public bool IsLong { readonly get; private set; }

    /// <summary>Returns whether the last bar reversed the trend.</summary>
    public bool Reversed { readonly get; private set; }

    /// <summary>Returns whether a SAR has been computed (from the third bar).</summary>
    public readonly bool IsReady => _count >= 3;

    /// <summary>Adds a bar and returns whether the indicator is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        if (_count < 2)
        {
            if (_count == 0)
            {
                _upTrendHigh = high;
                _downTrendLow = low;
            }
            Value = close;
            Shift(high, low);
            _count++;
            return false;
        }
        bool reversed = false;
        double sar;
        if (IsLong)
        {
            sar = Value + _acceleration * (_upTrendHigh - Value);
            if (low < sar)
            {
                reversed = true;
                sar = _upTrendHigh;
                _downTrendLow = low;
                _acceleration = _step;
            }
            else
            {
                if (high > _upTrendHigh)
                {
                    _upTrendHigh = high;
                    _acceleration = Math.Min(_acceleration + _step, _maximum);
                }
                sar = Math.Min(sar, Math.Min(_low1, _low2));
            }
        }
        else
        {
            sar = Value - _acceleration * (Value - _downTrendLow);
            if (high > sar)
            {
                reversed = true;
                sar = _downTrendLow;
                _upTrendHigh = high;
                _acceleration = _step;
            }
            else
            {
                if (low < _downTrendLow)
                {
                    _downTrendLow = low;
                    _acceleration = Math.Min(_acceleration + _step, _maximum);
                }
                sar = Math.Max(sar, Math.Max(_high1, _high2));
            }
        }
        Value = sar;
        Reversed = reversed;
        if (reversed)
            IsLong = !IsLong;
        Shift(high, low);
        if (_count < 3)
            _count++;
        return true;
    }

    private void Shift(double high, double low)
    {
        _high2 = _high1;
        _low2 = _low1;
        _high1 = high;
        _low1 = low;
    }
}
