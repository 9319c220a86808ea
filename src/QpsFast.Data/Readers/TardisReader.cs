using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Tardis.dev CSV downloads, plain or <c>.csv.gz</c> (decompressed as a stream), told apart by their header:
/// <list type="bullet">
/// <item><c>trades</c> (<c>…,id,side,price,amount</c>): trade ticks; side buy, sell or unknown is the aggressor.</item>
/// <item><c>quotes</c> (<c>…,ask_amount,ask_price,bid_price,bid_amount</c>): level-0 bid and ask updates; an empty
/// side deletes the level.</item>
/// <item><c>incremental_book_L2</c> (<c>…,is_snapshot,side,price,amount</c>): a full book per symbol, amount 0 deletes
/// a level, a snapshot after updates replaces the book; rows of one symbol with the same local_timestamp form one
/// update, after which the top <c>levels</c> a side are diffed into level updates.</item>
/// <item><c>book_snapshot_N</c> (<c>…,asks[0].price,asks[0].amount,bids[0].price,…</c>): each snapshot becomes updates
/// for the levels that changed.</item>
/// </list>
/// Every row is stamped at its <c>local_timestamp</c> (µs; the arrival at Tardis's recorder, the order the files are
/// sorted in, and NautilusTrader's <c>ts_init</c>); the exchange's <c>timestamp</c> can step back between rows. A file
/// may hold several symbols (Tardis's grouped files); each gets its own book.
/// </summary>
public static class TardisReader
{
    private const string Prefix = "exchange,symbol,timestamp,local_timestamp,";

    /// <summary>The Tardis data types read.</summary>
    public enum Kind
    {
        /// <summary>Not a Tardis CSV this reader reads.</summary>
        None,
        /// <summary>trades.</summary>
        Trades,
        /// <summary>quotes.</summary>
        Quotes,
        /// <summary>incremental_book_L2.</summary>
        IncrementalBookL2,
        /// <summary>book_snapshot_N.</summary>
        BookSnapshot,
    }

    /// <summary>The data type a header line names, or <see cref="Kind.None"/>.</summary>
    public static Kind Sniff(string header)
    {
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
            return Kind.None;
        return header[Prefix.Length..] switch
        {
            "id,side,price,amount" => Kind.Trades,
            "ask_amount,ask_price,bid_price,bid_amount" => Kind.Quotes,
            "is_snapshot,side,price,amount" => Kind.IncrementalBookL2,
            var rest when rest.StartsWith("asks[0].price", StringComparison.Ordinal) => Kind.BookSnapshot,
            _ => Kind.None,
        };
    }

    /// <summary>Reads the file; <paramref name="levels"/> is the depth diffed from an incremental book.</summary>
    /// <exception cref="DataFormatException">A bad header, row, or a local_timestamp before the previous row's.</exception>
    public static SourceData Read(string path, int levels = 10)
    {
        using var lines = TextLines.Read(path).GetEnumerator();
        string header = lines.MoveNext() ? lines.Current : "";
        var kind = Sniff(header);
        if (kind == Kind.None)
            throw new DataFormatException(path, 1, "(header)", header, "not a Tardis trades, quotes, incremental_book_L2 or book_snapshot header");
        var names = header.Split(',');
        int snapshotLevels = (names.Length - 4) / 4;
        if (kind == Kind.BookSnapshot && names.Length != 4 + 4 * snapshotLevels)
            throw new DataFormatException(path, 1, "(header)", header, "expected 4 columns per level after the first 4");
        int depth = kind == Kind.BookSnapshot ? snapshotLevels : levels;
        var sink = new TickSink(kind switch { Kind.Trades => "trades", Kind.Quotes => "quotes", Kind.IncrementalBookL2 => "book", _ => "snapshot" }, depth, TextLines.Stem(path));
        var prices = new long[2 * depth];
        var sizes = new long[2 * depth];
        Span<Range> fields = stackalloc Range[names.Length + 1];
        long line = 1, previous = long.MinValue;
        while (lines.MoveNext())
        {
            line++;
            if (lines.Current.Length == 0)
                continue;
            var row = new CsvRow(path, line, lines.Current, fields, names);
            row.RequireColumns(names.Length);
            long us = row.Long(3);
            if (us < 0 || us > long.MaxValue / 1000)
                throw row.Error(3, $"not a µs timestamp within {TimeParsing.Range}");
            long t = us * 1000; // Tardis times are always µs since the epoch
            if (t < previous)
                throw row.Error(3, $"local_timestamp is before the previous row's (line {line - 1})");
            previous = t;
            int symbol = row[1].IsEmpty ? throw row.Error(1, "no symbol") : sink.Id(row[1].ToString());
            switch (kind)
            {
                case Kind.Trades:
                    var side = row[5];
                    byte aggressor = side.SequenceEqual("buy") ? (byte)0 : side.SequenceEqual("sell") ? (byte)1
                        : side.SequenceEqual("unknown") || side.IsEmpty ? (byte)2 : throw row.Error(5, "side must be buy, sell or unknown");
                    sink.Trade(t, symbol, row.Price(6), row.Quantity(7), aggressor);
                    break;
                case Kind.Quotes:
                    bool bid = !row[6].IsEmpty, ask = !row[5].IsEmpty; // an empty side deletes the level
                    sink.Quote(t, symbol, bid ? row.Price(6) : 0, bid ? Required(ref row, 7) : 0, ask ? row.Price(5) : 0, ask ? Required(ref row, 4) : 0);
                    break;
                case Kind.IncrementalBookL2:
                    var snap = row[4];
                    bool isSnapshot = snap.SequenceEqual("true") ? true : snap.SequenceEqual("false") ? false : throw row.Error(4, "is_snapshot must be true or false");
                    var bookSide = row[5];
                    int s = bookSide.SequenceEqual("bid") ? 0 : bookSide.SequenceEqual("ask") ? 1 : throw row.Error(5, "side must be bid or ask");
                    sink.Level(t, symbol, isSnapshot, s, row.Price(6), row.Quantity(7));
                    break;
                case Kind.BookSnapshot:
                    for (int level = 0; level < depth; level++)
                    {
                        int c = 4 + level * 4;
                        (prices[depth + level], sizes[depth + level]) = Level(ref row, c);     // asks
                        (prices[level], sizes[level]) = Level(ref row, c + 2);                 // bids
                    }
                    sink.Snapshot(t, symbol, prices, sizes);
                    break;
            }
        }
        return sink.Finish(path);
    }

    // A snapshot level with no price and amount (a book thinner than N) is absent.
    private static (long Price, long Size) Level(ref CsvRow row, int c) =>
        row[c].IsEmpty && row[c + 1].IsEmpty ? (0, 0) : (row.Price(c), row.Quantity(c + 1));

    private static long Required(ref CsvRow row, int c) =>
        row[c].IsEmpty ? throw row.Error(c, "a price without an amount") : row.Quantity(c);
}
