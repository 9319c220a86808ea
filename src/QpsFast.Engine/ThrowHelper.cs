using System.Diagnostics.CodeAnalysis;

namespace QpsFast.Engine;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProductOverflow(long a, long b) =>
        throw new OverflowException($"Fixed-point product {a} x {b} (raw, scale 1e-8) does not fit in 64 bits.");

    [DoesNotReturn]
    public static void ThrowQuotientOverflow(long a, long b) =>
        throw new OverflowException($"Fixed-point quotient {a} / {b} (raw, scale 1e-8) does not fit in 64 bits.");

    [DoesNotReturn]
    public static void ThrowInvalidValue(string type, decimal value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a valid {type} (non-negative for prices, at most 8 decimals, within ±92 billion).");

    [DoesNotReturn]
    public static void ThrowLedgerOverflow(int book, int symbol, long quantity, long price) =>
        throw new OverflowException($"ledger: book {book}, symbol {symbol}: a fill of {Values.FixedPoint.ToDecimal(quantity)} at {Values.FixedPoint.ToDecimal(price)} takes cash, basis, a position, fees or P&L outside the fixed-point range (about ±92 billion units); the ledger is unchanged. Lower the notional, capital or risk limits in the configuration.");

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
