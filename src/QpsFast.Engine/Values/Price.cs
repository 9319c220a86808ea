using System.Runtime.CompilerServices;

namespace QpsFast.Engine.Values;

/// <summary>A price in fixed point (see <see cref="FixedPoint"/>): 10<sup>-8</sup> units of the quote currency.</summary>
public readonly record struct Price(long Raw) : IComparable<Price>
{
    /// <summary>The zero price.</summary>
    public static Price Zero => default;

    /// <summary>Creates a price from a decimal; returns <see langword="false"/> if it is negative, too fine or too large.</summary>
    public static bool TryCreate(decimal value, out Price price)
    {
        if (value < 0 || !FixedPoint.TryFromDecimal(value, out long raw))
        {
            price = default;
            return false;
        }
        price = new Price(raw);
        return true;
    }

    /// <summary>Creates a price from a decimal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, finer than 10^-8, or too large.</exception>
    public static Price Create(decimal value)
    {
        if (!TryCreate(value, out var p))
            ThrowHelper.ThrowInvalidValue(nameof(Price), value);
        return p;
    }

    /// <summary>Returns the price as a double (for indicators).</summary>
    public double ToDouble() => FixedPoint.ToDouble(Raw);

    /// <summary>Returns the price as an exact decimal.</summary>
    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw);

    /// <inheritdoc />
    public int CompareTo(Price other) => Raw.CompareTo(other.Raw);

    /// <summary>Returns whether <paramref name="a"/> is below <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(Price a, Price b) => a.Raw < b.Raw;

    /// <summary>Returns whether <paramref name="a"/> is above <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(Price a, Price b) => a.Raw > b.Raw;

    /// <summary>Returns whether <paramref name="a"/> is at or below <paramref name="b"/>.</summary>
    public static bool operator <=(Price a, Price b) => a.Raw <= b.Raw;

    /// <summary>Returns whether <paramref name="a"/> is at or above <paramref name="b"/>.</summary>
    public static bool operator >=(Price a, Price b) => a.Raw >= b.Raw;

    /// <summary>Returns the price as invariant text.</summary>
    public override string ToString() => FixedPoint.Format(Raw);
}
