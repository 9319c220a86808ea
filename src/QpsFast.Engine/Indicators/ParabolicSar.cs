namespace QpsFast.Engine.Indicators;

/// <summary>How a <see cref="ParabolicSar"/> starts and tests for a reversal.</summary>
public enum SarConvention
{
    /// <summary>
    /// The <c>ta</c> library's <c>PSARIndicator</c> (the reference of StockCharts' sheet; the default): the trend is
    /// taken as up from the first bar, with the first bar's high as the extreme point and the second bar's close as
    /// the previous SAR, so the first SAR is on the third bar; a reversal is a low strictly below the SAR before it is
    /// capped at the two previous bars' lows, and the new SAR is the old trend's extreme point.
    /// </summary>
    Ta,

    /// <summary>
    /// TA-Lib's <c>TA_SAR</c>: the second bar's direction is down when its −DM is positive, else up; its SAR is the
    /// first bar's low (up) or high (down) and its extreme point the second bar's high (low), so the first SAR is on
    /// the second bar; the SAR is capped before the test, a low at or below it reverses, and the new SAR (the old
    /// extreme point) is kept outside this and the previous bar's range.
    /// </summary>
    TaLib,
}

/// <summary>
/// Wilder's parabolic stop and reverse (for example step 0.02, maximum 0.2). In an uptrend SAR += AF·(EP − SAR),
/// capped at the lows of the two previous bars; a low through it reverses the trend (SAR = the uptrend's EP, EP = the
/// bar's low, AF = step); a new high raises EP and AF by step up to the maximum. The downtrend mirrors it. How it
/// starts and the exact reversal test follow <see cref="SarConvention"/>. O(1) per update, allocation-free.
/// </summary>
public struct ParabolicSar
{
    private readonly double _step;
    private readonly double _maximum;
    private readonly bool _taLib;
    private double _acceleration;
    private double _upTrendHigh;
    private double _downTrendLow;
    private double _high1;
    private double _low1;
    private double _high2;
    private double _low2;
    private int _count;

    /// <summary>Creates the indicator.</summary>
    public ParabolicSar(double step, double maximum, SarConvention convention = SarConvention.Ta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, step);
        if (!Enum.IsDefined(convention))
            throw new ArgumentOutOfRangeException(nameof(convention));
        _step = step;
        _maximum = maximum;
        _taLib = convention == SarConvention.TaLib;
        _acceleration = step;
        IsLong = true;
    }

    /// <summary>Returns the stop and reverse level (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether the trend is up (the SAR is below the price, StockCharts' <c>psar_up</c>).</summary>
    public bool IsLong { readonly get; private set; }

    /// <summary>Returns whether the last bar reversed the trend.</summary>
    public bool Reversed { readonly get; private set; }

    /// <summary>Returns whether a SAR has been computed (from the third bar, or the second with TA-Lib's start).</summary>
    public readonly bool IsReady => _count >= (_taLib ? 2 : 3);

    /// <summary>Adds a bar and returns whether the indicator is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        double sar;
        if (_count < 2)
        {
            if (_count == 0 || !_taLib)
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
            // TA-Lib's second bar: TA_MINUS_DM(period 1) picks the direction; both previous extremes are this bar's.
            double up = high - _high1, down = _low1 - low;
            IsLong = !(down > 0 && down > up);
            sar = IsLong ? _low1 : _high1;
            (_upTrendHigh, _downTrendLow) = (high, low);
            Shift(high, low);
            _count++;
        }
        else if (IsLong)
        {
            sar = Value + _acceleration * (_upTrendHigh - Value);
            if (_taLib)
                sar = Math.Min(sar, Math.Min(_low1, _low2));
        }
        else
        {
            sar = Value - _acceleration * (Value - _downTrendLow);
            if (_taLib)
                sar = Math.Max(sar, Math.Max(_high1, _high2));
        }
        bool reversed = IsLong ? (_taLib ? low <= sar : low < sar) : (_taLib ? high >= sar : high > sar);
        if (reversed)
        {
            // The new trend starts from the old one's extreme point; TA-Lib keeps it outside this and the last bar.
            sar = IsLong ? _upTrendHigh : _downTrendLow;
            if (_taLib)
                sar = IsLong ? Math.Max(sar, Math.Max(high, _high1)) : Math.Min(sar, Math.Min(low, _low1));
            if (IsLong)
                _downTrendLow = low;
            else
                _upTrendHigh = high;
            _acceleration = _step;
            IsLong = !IsLong;
        }
        else if (IsLong)
        {
            if (high > _upTrendHigh)
            {
                _upTrendHigh = high;
                _acceleration = Math.Min(_acceleration + _step, _maximum);
            }
            sar = Math.Min(sar, Math.Min(_low1, _low2));
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
        Value = sar;
        Reversed = reversed;
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
