using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Portfolio;

/// <summary>
/// What the trading core's parts share, all written by its one thread: the books (one per alpha, keyed by source id),
/// the ledger, the latest mark of each symbol, and per-book counts of orders, rejects and round trips.
/// </summary>
internal sealed class BookSet
{
    private readonly int[] _bookOf = new int[256];

    public BookSet(ReadOnlySpan<byte> sources, int symbols, PortfolioSettings portfolio)
    {
        _bookOf.AsSpan().Fill(-1);
        Sources = sources.ToArray();
        for (int i = 0; i < Sources.Length; i++)
        {
            if (_bookOf[Sources[i]] >= 0)
                throw new ArgumentException($"alpha source id {Sources[i]} is registered twice", nameof(sources));
            _bookOf[Sources[i]] = i;
        }
        Symbols = symbols;
        Ledger = new Ledger(Sources.Length, symbols, Money.Create(portfolio.CapitalPerAlpha));
        Marks = new long[symbols];
        Orders = new long[Sources.Length];
        Rejects = new long[Sources.Length];
        RoundTrips = new long[Sources.Length];
    }

    /// <summary>The source id of each book, in book order.</summary>
    public byte[] Sources { get; }

    /// <summary>The number of symbols.</summary>
    public int Symbols { get; }

    /// <summary>Positions, cash, P&amp;L and fees of every book.</summary>
    public Ledger Ledger { get; }

    /// <summary>The latest mark price of each symbol (raw).</summary>
    public long[] Marks { get; }

    /// <summary>Orders sent, per book.</summary>
    public long[] Orders { get; }

    /// <summary>Orders risk or the broker rejected, per book.</summary>
    public long[] Rejects { get; }

    /// <summary>Round trips (back to flat, or through it), per book.</summary>
    public long[] RoundTrips { get; }

    /// <summary>Returns the book of a source id, or −1.</summary>
    public int BookOf(byte source) => _bookOf[source];

    /// <summary>Returns the sum of all books' equity at the current marks (raw).</summary>
    public long TotalEquity()
    {
        long total = 0;
        for (int b = 0; b < Ledger.Books; b++)
            total = checked(total + Ledger.Equity(b, Marks));
        return total;
    }

    /// <summary>Journals a rejection (flagged with the book's alpha when there is a book) and counts it; returns false.</summary>
    public bool Reject(ref Slot slot, int book, int symbol, long quantity, RejectReason reason, long value, long limit, long parent, long orderId = 0)
    {
        ref var r = ref slot.Append(RecordKind.Reject, SourceId.Risk, (ushort)symbol);
        r.Aux = (ushort)reason;
        r.Reject.OrderId = orderId;
        r.Reject.Quantity = quantity;
        r.Reject.Value = value;
        r.Reject.Limit = limit;
        r.Reject.ParentSequence = parent;
        if (book >= 0)
        {
            r.Flags = Sources[book]; // the alpha whose order it was
            Rejects[book]++;
        }
        return false;
    }
}
