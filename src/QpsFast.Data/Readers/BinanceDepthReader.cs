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
        var book = new IncrementalBook(levels);
        var records = new List<QpsFast.Engine.Records.Record>();
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
                    book.Flush(group.Time, 0, records);
                group = (t, updateId);
                previous = t;
                var sideText = row[4];
                int side = sideText.SequenceEqual("b") ? 0 : sideText.SequenceEqual("a") ? 1 : throw row.Error(4, "side must be 'b' or 'a'");
                var type = row[5];
                if (!type.SequenceEqual("snap") && !type.SequenceEqual("set"))
                    throw row.Error(5, "update_type must be 'snap' or 'set'");
                book.Apply(side, row.Price(6), row.Quantity(7));
            }
        }
        if (group.Time != long.MinValue)
            book.Flush(group.Time, 0, records);
        return new SourceData(paths[0], [symbol ?? Path.GetFileNameWithoutExtension(paths[0])], [.. records]);
    }
}
