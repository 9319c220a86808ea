namespace QpsFast.Engine.Values;

/// <summary>A signed quantity in fixed point (see <see cref="FixedPoint"/>): positive long, negative short.</summary>
public readonly record struct Quantity(long Raw) : IComparable<Quantity>
{
    /// <summary>The zero quantity.</summary>
    public static Quantity Zero => default;

    /// <summary>Creates a quantity from a decimal; returns <see langword="false"/> if it is too fine or too large.</summary>
    public static bool TryCreate(decimal value, out Quantity quantity)
    {
        bool ok = FixedPoint.TryFromDecimal(value, out long raw);
        quantity = new Quantity(ok ? raw : 0);
        return ok;
    }

    /// <summary>Creates a quantity from a decimal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is finer than 10^-8 or too large.</exception>
    public static Quantity Create(decimal value)
    {
        if (!TryCreate(value, out var q))
            ThrowHelper.ThrowInvalidValue(nameof(Quantity), value);
        return q;
    }

    /// <summary>Returns the quantity as a double.</summary>
    public double ToDouble() => FixedPoint.ToDouble(Raw);

    /// <summary>Returns the quantity as an exact decimal.</summary>
    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw);

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Raw.CompareTo(other.Raw);

    /// <summary>Returns the sum.</summary>
    public static Quantity operator +(Quantity a, Quantity b) => new(checked(a.Raw + b.Raw));

    /// <summary>Returns the difference.</summary>
    public static Quantity operator -(Quantity a, Quantity b) => new(checked(a.Raw - b.Raw));

    /// <summary>Returns the negation.</summary>
    public static Quantity operator -(Quantity a) => new(checked(-a.Raw));

    /// <summary>Returns the quantity as invariant text.</summary>
    public override string ToString() => FixedPoint.Format(Raw);
}
