using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Windows of at least this many values are summed in lanes (below it one scalar chain is faster: IndicatorBenchmarks).</summary>
    private const int VectorFrom = 32;

    /// <summary>
    /// Returns Σ|v − <paramref name="center"/>| over the values held in storage order: from <see cref="VectorFrom"/>
    /// values on, in four fixed lanes (Vector256, whatever the hardware's vector width, so the rounding is the same on
    /// every machine), then the lanes in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double AbsoluteDeviationSum(double center)
    {
        ref double first = ref MemoryMarshal.GetArrayDataReference(_values);
        int i = 0, n = Count;
        double sum = 0;
        if (n < VectorFrom)
        {
            for (; i < n; i++)
                sum += Math.Abs(Unsafe.Add(ref first, i) - center);
            return sum;
        }
        var c = Vector256.Create(center);
        var acc = Vector256<double>.Zero;
        for (; i + 4 <= n; i += 4)
            acc += Vector256.Abs(Vector256.LoadUnsafe(ref first, (nuint)i) - c);
        sum = acc.GetElement(0) + acc.GetElement(1) + acc.GetElement(2) + acc.GetElement(3);
        for (; i < n; i++)
            sum += Math.Abs(Unsafe.Add(ref first, i) - center);
        return sum;
    }

    /// <summary>Returns Σ v over the values held, summed as <see cref="AbsoluteDeviationSum"/> sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double LaneSum()
    {
        ref double first = ref MemoryMarshal.GetArrayDataReference(_values);
        int i = 0, n = Count;
        double sum = 0;
        if (n < VectorFrom)
        {
            for (; i < n; i++)
                sum += Unsafe.Add(ref first, i);
            return sum;
        }
        var acc = Vector256<double>.Zero;
        for (; i + 4 <= n; i += 4)
            acc += Vector256.LoadUnsafe(ref first, (nuint)i);
        sum = acc.GetElement(0) + acc.GetElement(1) + acc.GetElement(2) + acc.GetElement(3);
        for (; i < n; i++)
            sum += Unsafe.Add(ref first, i);
        return sum;
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
