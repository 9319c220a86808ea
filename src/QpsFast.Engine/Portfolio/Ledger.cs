using QpsFast.Engine.Values;

namespace QpsFast.Engine.Portfolio;

/// <summary>
/// The accounts of a set of books (one per alpha) over a set of symbols: positions, signed cost basis, cash, realized
/// P&amp;L and fees, all fixed point. Fills are applied in stream order by the single business-logic thread.
/// </summary>
/// <remarks>
/// The cost basis of a position is the signed money paid for it (negative for a short). A fill's notional is rounded
/// once and used for both cash and basis, and the basis removed by a reducing fill is exactly what realized P&amp;L
/// is measured against, so for every book and at every mark the identity
/// <c>equity − initial cash = realized + unrealized − fees</c> holds to the last raw unit, with
/// <c>equity = cash + Σ position × mark</c> and <c>unrealized = Σ position × mark − basis</c>.
/// </remarks>
public sealed class Ledger
{
    private readonly int _symbols;
    private readonly long[] _position;
    private readonly long[] _basis;
    private readonly long[] _cash;
    private readonly long[] _realized;
    private readonly long[] _fees;
    private readonly long[] _fills;
    private readonly long _initialCash;

    /// <summary>Creates a ledger of <paramref name="books"/> books over <paramref name="symbols"/> symbols, each book starting with <paramref name="initialCash"/>.</summary>
    public Ledger(int books, int symbols, Money initialCash)
    {
        _symbols = symbols;
        _position = new long[books * symbols];
        _basis = new long[books * symbols];
        _cash = new long[books];
        _realized = new long[books];
        _fees = new long[books];
        _fills = new long[books];
        _initialCash = initialCash.Raw;
        _cash.AsSpan().Fill(initialCash.Raw);
        Books = books;
    }

    /// <summary>Returns the number of books.</summary>
    public int Books { get; }

    /// <summary>Returns the number of symbols.</summary>
    public int Symbols => _symbols;

    /// <summary>Returns each book's starting cash (raw).</summary>
    public long InitialCash => _initialCash;

    /// <summary>Returns a book's position in a symbol (raw quantity).</summary>
    public long Position(int book, int symbol) => _position[book * _symbols + symbol];

    /// <summary>Returns a book's cost basis in a symbol (raw money, signed).</summary>
    public long Basis(int book, int symbol) => _basis[book * _symbols + symbol];

    /// <summary>Returns a book's cash (raw).</summary>
    public long Cash(int book) => _cash[book];

    /// <summary>Returns a book's realized P&amp;L (raw).</summary>
    public long Realized(int book) => _realized[book];

    /// <summary>Returns a book's fees (raw).</summary>
    public long Fees(int book) => _fees[book];

    /// <summary>Returns how many fills a book has had.</summary>
    public long FillCount(int book) => _fills[book];

    /// <summary>Returns the net position in a symbol across all books (raw).</summary>
    public long SymbolPosition(int symbol)
    {
        long sum = 0;
        for (int b = 0; b < Books; b++)
            sum = checked(sum + _position[b * _symbols + symbol]);
        return sum;
    }

    /// <summary>
    /// Applies a fill of <paramref name="quantity"/> (signed) at <paramref name="price"/> with <paramref name="fee"/>;
    /// returns the realized P&amp;L it produced (raw).
    /// </summary>
    /// <exception cref="OverflowException">The fill takes a cash, basis, position, fee or P&amp;L sum out of the fixed-point range (nothing is changed then).</exception>
    public long ApplyFill(int book, int symbol, long quantity, long price, long fee)
    {
        try
        {
            return ApplyFillChecked(book, symbol, quantity, price, fee);
        }
        catch (OverflowException)
        {
            ThrowHelper.ThrowLedgerOverflow(book, symbol, quantity, price);
            return 0;
        }
    }

    // Every sum checked, and nothing stored until every new value is known: an overflow leaves the ledger unchanged.
    private long ApplyFillChecked(int book, int symbol, long quantity, long price, long fee)
    {
        checked
        {
            int k = book * _symbols + symbol;
            long position = _position[k];
            long basis = _basis[k];
            long cash = _cash[book];
            long realized = 0;
            long closing = 0;
            if (position != 0 && Math.Sign(position) != Math.Sign(quantity))
                closing = Math.Sign(quantity) * Math.Min(Math.Abs(quantity), Math.Abs(position));
            long opening = quantity - closing;
            if (closing != 0)
            {
                long notional = FixedPoint.Multiply(closing, price);
                // Basis removed: the closed fraction of the position's basis (rounded once, removed exactly).
                long removed = (long)((Int128)basis * -closing / position);
                basis -= removed;
                cash -= notional;
                // Selling a long (closing < 0): proceeds −notional against removed basis; buying back a short likewise.
                realized = -notional - removed;
                position += closing;
                if (position == 0)
                    basis = 0; // exact by construction; explicit for clarity
            }
            if (opening != 0)
            {
                long notional = FixedPoint.Multiply(opening, price);
                basis += notional;
                cash -= notional;
                position += opening;
            }
            cash -= fee;
            long fees = _fees[book] + fee;
            long totalRealized = _realized[book] + realized;
            _position[k] = position;
            _basis[k] = basis;
            _cash[book] = cash;
            _fees[book] = fees;
            _realized[book] = totalRealized;
            _fills[book]++;
            return realized;
        }
    }

    /// <summary>Returns a book's equity at the given marks: cash + Σ position × mark (raw).</summary>
    public long Equity(int book, ReadOnlySpan<long> marks)
    {
        long equity = _cash[book];
        for (int s = 0; s < _symbols; s++)
        {
            long p = _position[book * _symbols + s];
            if (p != 0)
                equity = checked(equity + FixedPoint.Multiply(p, marks[s]));
        }
        return equity;
    }

    /// <summary>Returns a book's unrealized P&amp;L at the given marks: Σ (position × mark − basis) (raw).</summary>
    public long Unrealized(int book, ReadOnlySpan<long> marks)
    {
        long sum = 0;
        for (int s = 0; s < _symbols; s++)
        {
            int k = book * _symbols + s;
            if (_position[k] != 0)
                sum = checked(sum + FixedPoint.Multiply(_position[k], marks[s]) - _basis[k]);
        }
        return sum;
    }

    /// <summary>Returns the gross exposure of all books at the marks: Σ_symbols |net position × mark| (raw).</summary>
    public long GrossExposure(ReadOnlySpan<long> marks)
    {
        long gross = 0;
        for (int s = 0; s < _symbols; s++)
            gross = checked(gross + Math.Abs(FixedPoint.Multiply(SymbolPosition(s), marks[s])));
        return gross;
    }

    /// <summary>Returns the net exposure of all books at the marks: Σ_symbols net position × mark (raw).</summary>
    public long NetExposure(ReadOnlySpan<long> marks)
    {
        long net = 0;
        for (int s = 0; s < _symbols; s++)
            net = checked(net + FixedPoint.Multiply(SymbolPosition(s), marks[s]));
        return net;
    }
}
