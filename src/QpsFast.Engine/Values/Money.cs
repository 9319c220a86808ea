namespace QpsFast.Engine.Values;

/// <summary>An amount of money in fixed point (see <see cref="FixedPoint"/>): 10<sup>-8</sup> units of the account currency.</summary>
public readonly record struct Money(long Raw) : IComparable<Money>
{
    /// <summary>Zero.</summary>
    public static Money Zero => default;

    /// <summary>Creates an amount from a decimal; returns <see langword="false"/> if it is too fine or too large.</summary>
    public static bool TryCreate(decimal value, out Money money)
    {
        bool ok = FixedPoint.TryFromDecimal(value, out long raw);
        money = new Money(ok ? raw : 0);
        return ok;
    }

    /// <summary>Creates an amount from a decimal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is finer than 10^-8 or too large.</exception>
    public static Money Create(decimal value)
    {
        if (!TryCreate(value, out var m))
            ThrowHelper.ThrowInvalidValue(nameof(Money), value);
        return m;
    }

    /// <summary>
    /// Returns the notional <paramref name="price"/> × <paramref name="quantity"/>, computed through an
    /// <see cref="Int128"/>; returns <see langword="false"/> when it does not fit.
    /// </summary>
    public static bool TryNotional(Price price, Quantity quantity, out Money notional)
    {
        bool ok = FixedPoint.TryMultiply(price.Raw, quantity.Raw, out long raw);
        notional = new Money(raw);
        return ok;
    }

    /// <summary>Returns the notional <paramref name="price"/> × <paramref name="quantity"/>.</summary>
    /// <exception cref="OverflowException">The notional does not fit.</exception>
    public static Money Notional(Price price, Quantity quantity) => new(FixedPoint.Multiply(price.Raw, quantity.Raw));

    /// <summary>Returns the amount as a double.</summary>
    public double ToDouble() => FixedPoint.ToDouble(Raw);

    /// <summary>Returns the amount as an exact decimal.</summary>
    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw);

    /// <inheritdoc />
    public int CompareTo(Money other) => Raw.CompareTo(other.Raw);

    /// <summary>Returns the sum.</summary>
    public static Money operator +(Money a, Money b) => new(checked(a.Raw + b.Raw));

    /// <summary>Returns the difference.</summary>
    public static Money operator -(Money a, Money b) => new(checked(a.Raw - b.Raw));

    /// <summary>Returns the negation.</summary>
    public static Money operator -(Money a) => new(checked(-a.Raw));

    /// <summary>Returns the amount as invariant text.</summary>
    public override string ToString() => FixedPoint.Format(Raw);
}
