namespace QpsFast.Data.Readers;

/// <summary>
/// Tardis book snapshots (<c>exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,…</c>),
/// timestamps in µs. Each snapshot becomes level updates for the levels that changed since the previous one.
/// </summary>
public static class TardisBookReader
{
    /// <summary>Returns whether a header line is a Tardis book snapshot header.</summary>
    public static bool Sniff(string header) => header.StartsWith("exchange,symbol,timestamp,local_timestamp,asks[0].price", StringComparison.Ordinal);

    /// <summary>Reads the file.</summary>
    public static SourceData Read(string path)
    {
        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext() || !Sniff(lines.Current))
            throw new DataFormatException(path, 1, "(header)", "", "not a Tardis book snapshot header");
        var names = lines.Current.Split(',');
        int levels = (names.Length - 4) / 4;
        if (levels < 1 || names.Length != 4 + 4 * levels)
            throw new DataFormatException(path, 1, "(header)", lines.Current, "expected 4 columns per level after the first 4");
        var emitter = new BookLevelEmitter(levels);
        var records = new List<QpsFast.Engine.Records.Record>();
        var prices = new long[2 * levels];
        var sizes = new long[2 * levels];
        Span<Range> fields = stackalloc Range[names.Length + 1];
        string? symbol = null;
        long line = 1;
        long previous = long.MinValue;
        while (lines.MoveNext())
        {
            line++;
            if (lines.Current.Length == 0)
                continue;
            var row = new CsvRow(path, line, lines.Current, fields, names);
            row.RequireColumns(names.Length);
            string rowSymbol = row[1].ToString();
            if (symbol is null)
                symbol = rowSymbol;
            else if (rowSymbol != symbol)
                throw row.Error(1, $"one symbol per file expected ('{symbol}')");
            if (!TimeParsing.TryParseTimestamp(row[2], out long t))
                throw row.Error(2, $"not a µs timestamp within {TimeParsing.Range}");
            if (t < previous)
                throw row.Error(2, $"timestamp is before the previous row's (line {line - 1})");
            previous = t;
            for (int level = 0; level < levels; level++)
            {
                int c = 4 + level * 4;
                prices[levels + level] = row.Price(c);       // asks
                sizes[levels + level] = row.Quantity(c + 1);
                prices[level] = row.Price(c + 2);            // bids
                sizes[level] = row.Quantity(c + 3);
            }
            emitter.Emit(t, prices, sizes, records);
        }
        return new SourceData(path, [symbol ?? Path.GetFileNameWithoutExtension(path)], [.. records]);
    }
}
