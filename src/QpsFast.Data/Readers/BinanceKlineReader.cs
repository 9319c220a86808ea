using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Binance kline CSV: 12 columns (open_time, open, high, low, close, volume, close_time, quote_volume, trades,
/// taker_buy_base, taker_buy_quote, ignore), without a header (or with Binance's header line, skipped). Times are
/// epoch milliseconds, or microseconds in Binance's spot archives from 2025, told apart by magnitude (above 10¹⁴ is
/// microseconds: that is the year 5138 in milliseconds); bars are stamped at close_time + 1 unit, so the same minutes
/// in either unit give the same records.
/// </summary>
public static class BinanceKlineReader
{
    private static readonly string[] s_names = ["open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades", "taker_buy_base", "taker_buy_quote", "ignore"];

    /// <summary>Returns whether a first line looks like a Binance kline row.</summary>
    public static bool Sniff(string firstLine)
    {
        var f = firstLine.Split(',');
        return f.Length == 12 && ((long.TryParse(f[0], out long t) && t > 1_000_000_000_000 && long.TryParse(f[6], out _)) || f[0].Trim() == "open_time");
    }

    /// <summary>Reads <paramref name="path"/> as bars of <paramref name="symbol"/> (default: the file name up to the first '-').</summary>
    public static SourceData Read(string path, string? symbol = null) => Read(path, File.ReadLines(path), symbol);

    /// <summary>Reads the kline <paramref name="lines"/> of <paramref name="path"/> (a file, or an archive's entry) as bars of <paramref name="symbol"/>.</summary>
    /// <exception cref="DataFormatException">A malformed row or an out-of-order kline.</exception>
    public static SourceData Read(string path, IEnumerable<string> lines, string? symbol = null)
    {
        symbol ??= Path.GetFileNameWithoutExtension(path).Split('-')[0];
        var records = new List<Record>();
        Span<Range> fields = stackalloc Range[13];
        long line = 0;
        long previous = long.MinValue;
        var days = default(DailyVolume);
        foreach (var text in lines)
        {
            line++;
            if (text.Length == 0 || (line == 1 && text.StartsWith("open_time", StringComparison.Ordinal)))
                continue;
            var row = new CsvRow(path, line, text, fields, s_names);
            row.RequireColumns(12);
            long open = row.Long(0);
            long close = row.Long(6);
            if (close < open)
                throw row.Error(6, "close time before open time");
            long unitNs = open > 100_000_000_000_000 ? 1_000 : 1_000_000; // microseconds (from 2025) or milliseconds
            if (close > long.MaxValue / unitNs - 1)
                throw row.Error(6, "close time beyond the representable range");
            long closeNs = (close + 1) * unitNs;
            if (closeNs <= previous)
                throw row.Error(0, $"kline is not after the previous row's (line {line - 1})");
            previous = closeNs;
            int minutes = (int)Math.Clamp((close + 1 - open) * unitNs / 60_000_000_000, 1, ushort.MaxValue);
            var bar = new BarPayload { Open = row.Price(1), High = row.Price(2), Low = row.Price(3), Close = row.Price(4), Volume = row.Quantity(5) };
            if (minutes == 1 && !days.Add(closeNs, bar.Volume))
                throw row.Error(5, DailyVolume.Problem);
            records.Add(new Record
            {
                TimeNs = closeNs,
                Kind = RecordKind.Bar,
                Aux = (ushort)minutes,
                Bar = bar,
            });
        }
        return new SourceData(path, [symbol], [.. records]);
    }
}
