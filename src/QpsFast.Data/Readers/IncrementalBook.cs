using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// A full L2 book of one symbol kept from incremental price-level updates (a size of 0 deletes the level); after each
/// complete update its top <c>levels</c> a side are diffed into level updates (<see cref="BookLevelEmitter"/>). Used
/// by the Binance depth, Tardis <c>incremental_book_L2</c> and Parquet book readers.
/// </summary>
internal sealed class IncrementalBook(int levels)
{
    private readonly SortedDictionary<long, long> _bids = new(Comparer<long>.Create((x, y) => y.CompareTo(x)));
    private readonly SortedDictionary<long, long> _asks = new();
    private readonly BookLevelEmitter _emitter = new(levels);
    private readonly long[] _prices = new long[2 * levels];
    private readonly long[] _sizes = new long[2 * levels];

    /// <summary>Sets (or with size 0 deletes) the level at <paramref name="price"/> on a side (0 bid, 1 ask).</summary>
    public void Apply(int side, long price, long size)
    {
        var book = side == 0 ? _bids : _asks;
        if (size == 0)
            book.Remove(price);
        else
            book[price] = size;
    }

    /// <summary>Empties the book (a new snapshot follows); the next <see cref="Flush"/> deletes levels no longer there.</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    /// <summary>Emits the level updates of the book's top since the previous flush, stamped <paramref name="time"/>.</summary>
    public void Flush(long time, int symbol, List<Record> output)
    {
        Array.Clear(_prices);
        Array.Clear(_sizes);
        Fill(_bids, 0);
        Fill(_asks, levels);
        _emitter.Emit(time, _prices, _sizes, output, symbol);
    }

    private void Fill(SortedDictionary<long, long> book, int offset)
    {
        int i = 0;
        foreach (var (price, size) in book)
        {
            if (i == levels)
                break;
            _prices[offset + i] = price;
            _sizes[offset + i] = size;
            i++;
        }
    }
}
