using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Binance kline CSV: no header, 12 columns (open_time_ms, open, high, low, close, volume, close_time_ms,
/// quote_volume, trades, taker_buy_base, taker_buy_quote, ignore). Bars are stamped at close_time + 1 ms.
/// </summary>
public static class BinanceKlineReader
{
    private static readonly string[] s_names = ["open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades", "taker_buy_base", "taker_buy_quote", "ignore"];

    /// <summary>Returns whether a first line looks like a Binance kline row.</summary>
    public static bool Sniff(string firstLine)
    {
        var f = firstLine.Split(',');
        return f.Length == 12 && long.TryParse(f[0], out long t) && t > 1_000_000_000_000 && long.TryParse(f[6], out _);
    }

    /// <summary>Reads <paramref name="path"/> as bars of <paramref name="symbol"/> (default: the file name up to the first '-').</summary>
    public static SourceData Read(string path, string? symbol = null)
    {
        symbol ??= Path.GetFileNameWithoutExtension(path).Split('-')[0];
        var records = new List<Record>();
        Span<Range> fields = stackalloc Range[13];
        long line = 0;
        long previous = long.MinValue;
        var days = default(DailyVolume);
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
                continue;
            var row = new CsvRow(path, line, text, fields, s_names);
            row.RequireColumns(12);
            long openMs = row.Long(0);
            long closeMs = row.Long(6);
            if (closeMs < openMs)
                throw row.Error(6, "close time before open time");
            long closeNs = (closeMs + 1) * 1_000_000;
            if (closeNs <= previous)
                throw row.Error(0, $"kline is not after the previous row's (line {line - 1})");
            previous = closeNs;
            int minutes = (int)Math.Max(1, (closeMs + 1 - openMs) / 60_000);
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
