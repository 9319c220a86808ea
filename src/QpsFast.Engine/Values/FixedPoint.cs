using System.Runtime.CompilerServices;

namespace QpsFast.Engine.Values;

/// <summary>
/// The one fixed-point scale of every price, quantity and amount of money: a <see cref="long"/> count of
/// 10<sup>-8</sup> units (eight decimal places, enough for crypto quantities and sub-pip FX prices). The largest
/// representable value is about ±92 billion units.
/// </summary>
public static class FixedPoint
{
    /// <summary>Decimal places of the scale.</summary>
    public const int Decimals = 8;

    /// <summary>Raw units per whole unit: 10^8.</summary>
    public const long Scale = 100_000_000;

    /// <summary>
    /// Multiplies two raw fixed-point values through an <see cref="Int128"/> intermediate, rounding half away from
    /// zero; returns <see langword="false"/> if the result does not fit a <see cref="long"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMultiply(long a, long b, out long result)
    {
        Int128 product = (Int128)a * b;
        Int128 half = Scale / 2;
        Int128 scaled = product >= 0 ? (product + half) / Scale : (product - half) / Scale;
        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            result = 0;
            return false;
        }
        result = (long)scaled;
        return true;
    }

    /// <summary>
    /// Divides two raw fixed-point values (<c>a / b</c> at the scale) through an <see cref="Int128"/> intermediate,
    /// truncating toward zero: sizing a quantity from money and a price never rounds up past the budget.
    /// </summary>
    /// <exception cref="OverflowException">The quotient does not fit a <see cref="long"/>.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is 0.</exception>
    public static long DivideTruncating(long a, long b)
    {
        Int128 q = (Int128)a * Scale / b;
        if (q > long.MaxValue || q < long.MinValue)
            ThrowHelper.ThrowQuotientOverflow(a, b);
        return (long)q;
    }

    /// <summary>Multiplies two raw fixed-point values (see <see cref="TryMultiply"/>).</summary>
    /// <exception cref="OverflowException">The product does not fit a <see cref="long"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Multiply(long a, long b)
    {
        if (!TryMultiply(a, b, out long r))
            ThrowHelper.ThrowProductOverflow(a, b);
        return r;
    }

    /// <summary>Converts a decimal to raw units if it is representable exactly at the scale and in range.</summary>
    public static bool TryFromDecimal(decimal value, out long raw)
    {
        decimal scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            raw = 0;
            return false;
        }
        raw = (long)scaled;
        return true;
    }

    /// <summary>Converts a double to raw units, rounding half away from zero; false if out of range or not finite.</summary>
    public static bool TryFromDouble(double value, out long raw)
    {
        double scaled = Math.Round(value * Scale, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(scaled) || scaled >= 9.2e18 || scaled <= -9.2e18)
        {
            raw = 0;
            return false;
        }
        raw = (long)scaled;
        return true;
    }

    /// <summary>Returns the raw value as a decimal number of units (exact).</summary>
    public static decimal ToDecimal(long raw) => (decimal)raw / Scale;

    /// <summary>Returns the raw value as a double number of units.</summary>
    public static double ToDouble(long raw) => raw / (double)Scale;

    /// <summary>
    /// Parses an ASCII decimal number ("-12.3456") exactly into raw units. Digits beyond the eighth decimal are
    /// rounded half away from zero. Returns <see langword="false"/> for anything else (exponents, spaces, overflow).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long raw)
    {
        raw = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }
        if (i >= text.Length)
            return false;
        Int128 value = 0;
        int fractionDigits = 0;
        bool seenDot = false;
        bool seenDigit = false;
        bool dropping = false;
        bool roundUp = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                if (seenDot)
                    return false;
                seenDot = true;
                continue;
            }
            if ((uint)(c - '0') > 9)
                return false;
            seenDigit = true;
            if (seenDot && fractionDigits == Decimals)
            {
                // Only the first dropped digit decides the rounding; later ones must still be digits.
                if (!dropping)
                {
                    dropping = true;
                    roundUp = c >= '5';
                }
                continue;
            }
            value = value * 10 + (c - '0');
            if (seenDot)
                fractionDigits++;
            if (value > long.MaxValue)
                return false;
        }
        if (!seenDigit)
            return false;
        for (; fractionDigits < Decimals; fractionDigits++)
            value *= 10;
        if (roundUp)
            value += 1;
        if (value > long.MaxValue)
            return false;
        raw = negative ? -(long)value : (long)value;
        return true;
    }

    /// <summary>Formats raw units as an invariant decimal string without trailing zeros ("1.5", "-0.00000001").</summary>
    public static string Format(long raw) => ToDecimal(raw).ToString("0.########", System.Globalization.CultureInfo.InvariantCulture);
}
