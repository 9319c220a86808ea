namespace QpsFast.Engine.Indicators;

/// <summary>
/// Rolling ordinary least squares of y on x over the last <c>period</c> pairs: slope (the hedge ratio) and intercept,
/// from running sums around shifts (O(1) per update), re-centred and re-summed from the windows once per
/// <c>period</c> updates so that neither cancellation nor rounding accumulates.
/// </summary>
public struct RollingOls
{
    private RollingWindow _x;
    private RollingWindow _y;
    private double _shiftX;
    private double _shiftY;
    private double _sx;
    private double _sy;
    private double _sxx;
    private double _sxy;
    private int _sinceResum;

    /// <summary>Creates the regression.</summary>
    public RollingOls(int period)
    {
        _x = new RollingWindow(period);
        _y = new RollingWindow(period);
    }

    /// <summary>Returns whether the window is full.</summary>
    public readonly bool IsReady => _x.IsFull;

    /// <summary>Returns the slope β of y = α + β x (0 when x has no variance).</summary>
    public readonly double Slope
    {
        get
        {
            int n = _x.Count;
            double denominator = n * _sxx - _sx * _sx;
            return n < 2 || denominator <= 0 ? 0 : (n * _sxy - _sx * _sy) / denominator;
        }
    }

    /// <summary>Returns the intercept α.</summary>
    public readonly double Intercept
    {
        get
        {
            int n = _x.Count;
            return n == 0 ? 0 : _shiftY + _sy / n - Slope * (_shiftX + _sx / n);
        }
    }

    /// <summary>Adds a pair and returns whether the window is full.</summary>
    public bool Update(double x, double y)
    {
        if (_x.Count == 0)
        {
            _shiftX = x;
            _shiftY = y;
        }
        double ex = _x.Push(x) - _shiftX;
        double ey = _y.Push(y) - _shiftY;
        double dx = x - _shiftX;
        double dy = y - _shiftY;
        _sx += dx;
        _sy += dy;
        _sxx += dx * dx;
        _sxy += dx * dy;
        if (!double.IsNaN(ex))
        {
            _sx -= ex;
            _sy -= ey;
            _sxx -= ex * ex;
            _sxy -= ex * ey;
        }
        if (++_sinceResum == _x.Capacity)
        {
            _sinceResum = 0;
            _shiftX = _x.Mean();
            _shiftY = _y.Mean();
            (_sx, _sxx) = _x.Sums(_shiftX);
            (_sy, _) = _y.Sums(_shiftY);
            _sxy = _x.SumOfProducts(_y, _shiftX, _shiftY);
        }
        return IsReady;
    }
}
