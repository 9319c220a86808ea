namespace QpsFast.Data.Readers;

/// <summary>
/// Binance depth rows (<c>symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu</c>; side b or
/// a; update_type snap or set; qty 0 deletes the price level; ms timestamps). Rows with the same timestamp and update
/// id form one update; after each, the top <c>levels</c> of the full book are diffed into level updates. Pass the
/// snapshot file before the update file to apply updates on top of it.
/// </summary>
public static class BinanceDepthReader
{
    private const string Header = "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu";

    /// <summary>Returns whether a header line is a Binance depth header.</summary>
    public static bool Sniff(string header) => header.StartsWith(Header, StringComparison.Ordinal);

    /// <summary>Reads one or more depth files in order (snapshot first), returning their level updates.</summary>
    public static SourceData Read(IReadOnlyList<string> paths, int levels = 10)
    {
        var bids = new SortedDictionary<long, long>(Comparer<long>.Create((x, y) => y.CompareTo(x)));
        var asks = new SortedDictionary<long, long>();
        var emitter = new BookLevelEmitter(levels);
        var records = new List<QpsFast.Engine.Records.Record>();
        var prices = new long[2 * levels];
        var sizes = new long[2 * levels];
        var names = Header.Split(',');
        Span<Range> fields = stackalloc Range[names.Length + 1];
        string? symbol = null;
        long previous = long.MinValue;
        (long Time, long UpdateId) group = (long.MinValue, long.MinValue);
        foreach (var path in paths)
        {
            long line = 0;
            foreach (var text in File.ReadLines(path))
            {
                line++;
                if (line == 1)
                {
                    if (!Sniff(text))
                        throw new DataFormatException(path, 1, "(header)", text, $"expected '{Header}'");
                    continue;
                }
                if (text.Length == 0)
                    continue;
                var row = new CsvRow(path, line, text, fields, names);
                row.RequireColumns(names.Length);
                string rowSymbol = row[0].ToString();
                symbol ??= rowSymbol;
                if (rowSymbol != symbol)
                    throw row.Error(0, $"one symbol expected ('{symbol}')");
                long ms = row.Long(1);
                long t = ms * 1_000_000;
                if (t < previous)
                    throw row.Error(1, $"timestamp is before the previous row's (line {line - 1})");
                long updateId = row.Long(3);
                if (group != (t, updateId) && group.Time != long.MinValue)
                    Flush(group.Time);
                group = (t, updateId);
                previous = t;
                var side = row[4];
                var book = side.SequenceEqual("b") ? bids : side.SequenceEqual("a") ? asks : throw row.Error(4, "side must be 'b' or 'a'");
                var type = row[5];
                if (!type.SequenceEqual("snap") && !type.SequenceEqual("set"))
                    throw row.Error(5, "update_type must be 'snap' or 'set'");
                long price = row.Price(6);
                long qty = row.Quantity(7);
                if (qty == 0)
                    book.Remove(price);
                else
                    book[price] = qty;
            }
        }
        if (group.Time != long.MinValue)
            Flush(group.Time);
        return new SourceData(paths[0], [symbol ?? Path.GetFileNameWithoutExtension(paths[0])], [.. records]);

        void Flush(long time)
        {
            Array.Clear(prices);
            Array.Clear(sizes);
            Fill(bids, 0);
            Fill(asks, levels);
            emitter.Emit(time, prices, sizes, records);
        }

        void Fill(SortedDictionary<long, long> book, int offset)
        {
            int i = 0;
            foreach (var (price, qty) in book)
            {
                if (i == levels)
                    break;
                prices[offset + i] = price;
                sizes[offset + i] = qty;
                i++;
            }
        }
    }
}
