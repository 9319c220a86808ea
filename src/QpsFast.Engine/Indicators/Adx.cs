namespace QpsFast.Engine.Indicators;

/// <summary>How an <see cref="Adx"/> seeds its smoothed true range and directional movements.</summary>
public enum AdxSeeding
{
    /// <summary>
    /// Wilder's and StockCharts': the first smoothed value is the sum of the first <c>period</c> values (the default).
    /// </summary>
    StockCharts,

    /// <summary>
    /// TA-Lib's <c>TA_ADX</c>, <c>TA_DX</c>, <c>TA_PLUS_DI</c> and <c>TA_MINUS_DI</c> (unstable period 0): the sum of
    /// the first <c>period − 1</c> values, then smoothed (S − S/period + x) from the <c>period</c>-th value on.
    /// </summary>
    TaLib,
}

/// <summary>
/// Wilder's directional movement system: +DI, −DI, DX and the average directional index (ADX), with StockCharts'
/// seeding. From the second bar: TR = max(high, previous close) − min(low, previous close); +DM = high − previous
/// high when that exceeds both 0 and previous low − low, else 0 (−DM the mirror). TR, +DM and −DM are Wilder-smoothed
/// over <c>period</c> (the first smoothed value is the sum of the first <c>period</c>, then S − S/period + x; only the
/// ratios are used, so averages serve as well); +DI = 100·+DM/TR, −DI = 100·−DM/TR,
/// DX = 100·|+DI − −DI| / (+DI + −DI) (0 when both are 0). The first ADX is the mean of the first <c>period</c> DX,
/// then (ADX·(period − 1) + DX) / period.
/// <para>
/// The DI lines and DX are ready after <c>period + 1</c> bars (<see cref="DirectionalReady"/>), the ADX after
/// <c>2·period</c> bars (<see cref="IsReady"/>), with either seeding. TA-Lib seeds its smoothed sums from
/// <c>period − 1</c> values and so differs during warm-up: <see cref="AdxSeeding.TaLib"/> matches it. O(1) per update,
/// allocation-free.
/// </para>
/// </summary>
public struct Adx
{
    private WilderAverage _trueRange;
    private WilderAverage _plusMove;
    private WilderAverage _minusMove;
    private WilderAverage _adx;
    private double _previousHigh;
    private double _previousLow;
    private double _previousClose;
    private bool _hasPrevious;
    private readonly int _period;
    private readonly bool _taLib;
    private int _moves;
    private double _trueRangeSum;
    private double _plusSum;
    private double _minusSum;

    /// <summary>Creates the indicator (14 is Wilder's period).</summary>
    public Adx(int period, AdxSeeding seeding = AdxSeeding.StockCharts)
    {
        if (!Enum.IsDefined(seeding))
            throw new ArgumentOutOfRangeException(nameof(seeding));
        _trueRange = new WilderAverage(period);
        _plusMove = new WilderAverage(period);
        _minusMove = new WilderAverage(period);
        _adx = new WilderAverage(period);
        _period = period;
        _taLib = seeding == AdxSeeding.TaLib;
    }

    /// <summary>Returns the ADX (valid once <see cref="IsReady"/>).</summary>
    public readonly double Value => _adx.Value;

    /// <summary>Returns +DI (valid once <see cref="DirectionalReady"/>).</summary>
    public double PlusDi { readonly get; private set; }

    /// <summary>Returns −DI (valid once <see cref="DirectionalReady"/>).</summary>
    public double MinusDi { readonly get; private set; }

    /// <summary>Returns DX (valid once <see cref="DirectionalReady"/>).</summary>
    public double Dx { readonly get; private set; }

    /// <summary>Returns whether +DI, −DI and DX are ready (<c>period + 1</c> bars).</summary>
    public readonly bool DirectionalReady => _moves >= _period;

    /// <summary>Returns whether the ADX is ready (<c>2·period</c> bars).</summary>
    public readonly bool IsReady => _adx.IsReady;

    /// <summary>Adds a bar and returns whether the ADX is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        if (!_hasPrevious)
        {
            _previousHigh = high;
            _previousLow = low;
            _previousClose = close;
            _hasPrevious = true;
            return false;
        }
        double trueRange = Math.Max(high, _previousClose) - Math.Min(low, _previousClose);
        double upMove = high - _previousHigh;
        double downMove = _previousLow - low;
        _previousHigh = high;
        _previousLow = low;
        _previousClose = close;
        double plus = upMove > downMove && upMove > 0 ? upMove : 0;
        double minus = downMove > upMove && downMove > 0 ? downMove : 0;
        bool seeded = _moves >= _period - 1; // TA-Lib smooths from the period-th move on
        if (_moves < _period)
            _moves++;
        double range, plusMove, minusMove;
        if (_taLib)
        {
            if (seeded)
            {
                _trueRangeSum -= _trueRangeSum / _period;
                _plusSum -= _plusSum / _period;
                _minusSum -= _minusSum / _period;
            }
            (range, plusMove, minusMove) = (_trueRangeSum += trueRange, _plusSum += plus, _minusSum += minus);
        }
        else
        {
            _trueRange.Update(trueRange);
            _plusMove.Update(plus);
            _minusMove.Update(minus);
            (range, plusMove, minusMove) = (_trueRange.Value, _plusMove.Value, _minusMove.Value);
        }
        if (_moves < _period)
            return false;
        PlusDi = range == 0 ? 0 : 100 * plusMove / range;
        MinusDi = range == 0 ? 0 : 100 * minusMove / range;
        double sum = PlusDi + MinusDi;
        Dx = sum == 0 ? 0 : 100 * Math.Abs(PlusDi - MinusDi) / sum;
        return _adx.Update(Dx);
    }
}
