namespace QpsFast.Engine.Indicators;

/// <summary>
/// A fixed-capacity window of the last <see cref="Capacity"/> doubles (a circular array allocated once). Mutable
/// struct: keep it in a field and call it by reference, never copy it.
/// </summary>
public struct RollingWindow
{
    private readonly double[] _values;
    private int _next;

    /// <summary>Creates a window of <paramref name="capacity"/> values.</summary>
    public RollingWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new double[capacity];
    }

    /// <summary>Returns the capacity.</summary>
    public readonly int Capacity => _values.Length;

    /// <summary>Returns how many values are held (up to the capacity).</summary>
    public int Count { readonly get; private set; }

    /// <summary>Returns whether the window is full.</summary>
    public readonly bool IsFull => Count == _values.Length;

    /// <summary>Adds <paramref name="value"/>; returns the value it pushed out, or NaN while filling.</summary>
    public double Push(double value)
    {
        double evicted = IsFull ? _values[_next] : double.NaN;
        _values[_next] = value;
        _next = _next + 1 == _values.Length ? 0 : _next + 1;
        if (Count < _values.Length)
            Count++;
        return evicted;
    }

    /// <summary>Returns the value pushed <paramref name="ago"/> updates ago (0 = the newest).</summary>
    public readonly double Ago(int ago)
    {
        int i = _next - 1 - ago;
        if (i < 0)
            i += _values.Length;
        return _values[i];
    }

    /// <summary>Returns the mean of the values held (0 when empty).</summary>
    public readonly double Mean()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
            sum += _values[i];
        return Count == 0 ? 0 : sum / Count;
    }

    /// <summary>Returns Σ(v − shift) and Σ(v − shift)² over the values held (exact re-summation).</summary>
    public readonly (double Sum, double SumSquares) Sums(double shift)
    {
        double sum = 0, squares = 0;
        for (int i = 0; i < Count; i++)
        {
            double d = _values[i] - shift;
            sum += d;
            squares += d * d;
        }
        return (sum, squares);
    }

    /// <summary>Returns Σ(this − shift)(other − otherShift) over both windows (same capacity, filled together).</summary>
    public readonly double SumOfProducts(in RollingWindow other, double shift, double otherShift)
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
            sum += (_values[i] - shift) * (other._values[i] - otherShift);
        return sum;
    }

    /// <summary>Returns the oldest value held.</summary>
    public readonly double Oldest => Ago(Count - 1);
}
