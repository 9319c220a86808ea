using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// A strategy's view of its own book, and the orders it can send. Values are raw fixed point (10^-8; see
/// <see cref="FixedPoint"/>). Read during <see cref="IStrategy.Process"/> or <see cref="IStrategy.OnOrderEvent"/>: the
/// book then includes every fill up to and including the current input. A small struct; getting and reading it never
/// allocates.
/// </summary>
public readonly struct BookView
{
    private readonly TradingCore _core;
    private readonly int _book;

    internal BookView(TradingCore core, int book, byte source)
    {
        _core = core;
        _book = book;
        Source = source;
    }

    /// <summary>Returns the source id the book's signals carry.</summary>
    public byte Source { get; }

    /// <summary>Returns the position in a symbol (signed raw quantity).</summary>
    public long Position(int symbol) => _core.Ledger.Position(_book, symbol);

    /// <summary>Returns the average entry price of the position in a symbol (raw; 0 when flat).</summary>
    public long AveragePrice(int symbol)
    {
        long position = Position(symbol);
        return position == 0 ? 0 : FixedPoint.DivideTruncating(_core.Ledger.Basis(_book, symbol), position);
    }

    /// <summary>Returns the cash (raw money).</summary>
    public long Cash => _core.Ledger.Cash(_book);

    /// <summary>Returns the equity at the current marks: cash + Σ position × mark (raw money).</summary>
    public long Equity => _core.Ledger.Equity(_book, _core.Marks);

    /// <summary>Returns the realized P&amp;L (raw money).</summary>
    public long Realized => _core.Ledger.Realized(_book);

    /// <summary>Returns the unrealized P&amp;L at the current marks (raw money).</summary>
    public long Unrealized => _core.Ledger.Unrealized(_book, _core.Marks);

    /// <summary>Returns the fees paid (raw money).</summary>
    public long Fees => _core.Ledger.Fees(_book);

    /// <summary>Returns how many fills the book has had.</summary>
    public long FillCount => _core.Ledger.FillCount(_book);

    /// <summary>Returns the latest mark price of a symbol (raw; 0 before the first price).</summary>
    public long Mark(int symbol) => _core.Marks[symbol];

    /// <summary>Returns the signed quantity of the book's pending orders in a symbol (estimates for orders not yet sized).</summary>
    public long PendingQuantity(int symbol) => _core.PendingQuantityOf(_book, symbol);

    /// <summary>Returns how many of the book's orders are pending.</summary>
    public int PendingCount => _core.PendingCountOf(_book);

    /// <summary>Returns the book's <paramref name="index"/>-th pending order, oldest first.</summary>
    public PendingOrderInfo PendingOrder(int index) => _core.PendingOrderOf(_book, index);

    /// <summary>Appends a signal: hold <paramref name="quantity"/> (signed raw) of a symbol; a market order, or a limit at <paramref name="limitPrice"/>.</summary>
    public void TargetQuantity(ref Slot slot, ushort symbol, long quantity, long limitPrice = 0) =>
        Append(ref slot, symbol, TargetKind.Quantity, quantity, limitPrice, 0);

    /// <summary>Appends a signal: hold a position worth <paramref name="value"/> (signed raw money), sized when it fills.</summary>
    public void TargetValue(ref Slot slot, ushort symbol, long value, long limitPrice = 0, byte lotDecimals = 0) =>
        Append(ref slot, symbol, TargetKind.Value, value, limitPrice, lotDecimals);

    /// <summary>
    /// Appends a signal: hold a position worth <paramref name="fraction"/> of the book's equity (signed raw fixed
    /// point: <see cref="FixedPoint.Scale"/> is 100 % long), sized when it fills against the fill price, fees included.
    /// </summary>
    public void TargetPercent(ref Slot slot, ushort symbol, long fraction, long limitPrice = 0, byte lotDecimals = 0) =>
        Append(ref slot, symbol, TargetKind.Percent, fraction, limitPrice, lotDecimals);

    /// <summary>Appends a signal that cancels the book's pending orders in a symbol.</summary>
    public void Cancel(ref Slot slot, ushort symbol) => Append(ref slot, symbol, TargetKind.Cancel, 0, 0, 0);

    private void Append(ref Slot slot, ushort symbol, TargetKind kind, long amount, long limitPrice, byte lotDecimals)
    {
        if (lotDecimals > FixedPoint.Decimals)
            ThrowLot(lotDecimals);
        ref var r = ref slot.Append(RecordKind.Signal, Source, symbol);
        r.Signal.TargetQuantity = amount;
        r.Signal.ReferencePrice = symbol < _core.Marks.Length ? _core.Marks[symbol] : 0;
        r.Signal.LimitPrice = limitPrice;
        r.Signal.Target = kind;
        r.Signal.LotDecimals = lotDecimals;
    }

    private static void ThrowLot(byte lotDecimals) =>
        throw new ArgumentOutOfRangeException(nameof(lotDecimals), lotDecimals, "lot decimals are 0 to 8");
}

/// <summary>A pending order of a book: its id, symbol, signed quantity left (an estimate until sized), limit (0: market), and how it is sized.</summary>
public readonly record struct PendingOrderInfo(long OrderId, int Symbol, long Remaining, long LimitPrice, TargetKind Sizing);
