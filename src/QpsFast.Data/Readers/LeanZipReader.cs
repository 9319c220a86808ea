using System.Globalization;
using System.IO.Compression;
using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// QuantConnect LEAN data zips. Minute files (<c>…/minute/&lt;sym&gt;/yyyyMMdd_trade.zip</c> and <c>_quote.zip</c>)
/// hold rows whose time is ms since midnight New York time; prices are ×10,000. Trade rows become 1-minute bars
/// stamped at the minute's close; quote rows become level-0 bid and ask book updates at the minute's close. Daily
/// files (<c>…/daily/&lt;sym&gt;.zip</c>, rows "yyyyMMdd 00:00") become daily bars stamped at 16:00 New York time.
/// New York time is converted to UTC with <see cref="NewYorkTime"/>.
/// </summary>
public static class LeanZipReader
{
    private const long PriceScale = 10_000; // LEAN's ×10,000 integers to our 10^-8 raw units
    private static readonly string[] s_trade = ["time_ms", "open", "high", "low", "close", "volume"];
    private static readonly string[] s_quote = ["time_ms", "bid_open", "bid_high", "bid_low", "bid_close", "bid_size", "ask_open", "ask_high", "ask_low", "ask_close", "ask_size"];
    private static readonly string[] s_daily = ["date", "open", "high", "low", "close", "volume"];

    /// <summary>Reads one LEAN zip (minute trade, minute quote or daily), inferring the kind from its path.</summary>
    public static SourceData Read(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        bool daily = Path.GetFileName(Path.GetDirectoryName(path)) == "daily";
        string symbol = (daily ? name : Path.GetFileName(Path.GetDirectoryName(path))!).ToUpperInvariant();
        using var zip = ZipFile.OpenRead(path);
        if (zip.Entries.Count != 1)
            throw new DataFormatException(path, 0, "(zip)", zip.Entries.Count.ToString(CultureInfo.InvariantCulture), "a LEAN zip holds exactly one CSV");
        using var reader = new StreamReader(zip.Entries[0].Open());
        string inner = $"{path}!{zip.Entries[0].FullName}";
        if (daily)
            return new SourceData(path, [symbol], ReadDaily(inner, reader));
        var parts = name.Split('_');
        if (parts.Length != 2 || !DateTime.TryParseExact(parts[0], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new DataFormatException(path, 0, "(file name)", name, "expected yyyyMMdd_trade.zip or yyyyMMdd_quote.zip");
        return parts[1] switch
        {
            "trade" => new SourceData(path, [symbol], ReadMinute(inner, reader, date, quote: false)),
            "quote" => new SourceData(path, [symbol], ReadMinute(inner, reader, date, quote: true)),
            _ => throw new DataFormatException(path, 0, "(file name)", name, "expected a _trade or _quote zip"),
        };
    }

    private static Record[] ReadMinute(string file, StreamReader reader, DateTime date, bool quote)
    {
        var names = quote ? s_quote : s_trade;
        var records = new List<Record>();
        Span<Range> fields = stackalloc Range[names.Length + 1];
        long line = 0;
        long previous = long.MinValue;
        var days = default(DailyVolume);
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var row = new CsvRow(file, line, text, fields, names);
            row.RequireColumns(names.Length);
            long ms = row.Long(0);
            if (ms < 0 || ms >= 86_400_000)
                throw row.Error(0, "milliseconds since midnight out of range");
            // The row's time is the minute's start in New York; the record is stamped at its close.
            long close = TimeParsing.ToNs(NewYorkTime.ToUtc(date.AddMilliseconds(ms + 60_000)));
            if (close <= previous)
                throw row.Error(0, $"time is not after the previous row's (line {line - 1})");
            previous = close;
            if (!quote)
            {
                var bar = new BarPayload { Open = Px(row, 1), High = Px(row, 2), Low = Px(row, 3), Close = Px(row, 4), Volume = row.Quantity(5) };
                if (!days.Add(close, bar.Volume))
                    throw row.Error(5, DailyVolume.Problem);
                records.Add(new Record { TimeNs = close, Kind = RecordKind.Bar, Aux = 1, Bar = bar });
            }
            else
            {
                long bid = Px(row, 4), bidSize = row.Quantity(5), ask = Px(row, 9), askSize = row.Quantity(10);
                records.Add(Level(close, 0, bid, bidSize, bid, ask));
                records.Add(Level(close, 1, ask, askSize, bid, ask));
            }
        }
        return [.. records];
    }

    private static Record Level(long time, byte side, long price, long size, long bestBid, long bestAsk) => new()
    {
        TimeNs = time,
        Kind = RecordKind.BookLevel,
        Book = new BookLevelPayload { Side = side, Level = 0, Price = price, Size = size, BestBid = bestBid, BestAsk = bestAsk },
    };

    private static Record[] ReadDaily(string file, StreamReader reader)
    {
        var records = new List<Record>();
        Span<Range> fields = stackalloc Range[7];
        long line = 0;
        long previous = long.MinValue;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var row = new CsvRow(file, line, text, fields, s_daily);
            row.RequireColumns(6);
            if (!DateTime.TryParseExact(row[0], "yyyyMMdd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw row.Error(0, "expected 'yyyyMMdd HH:mm'");
            long close = TimeParsing.ToNs(NewYorkTime.ToUtc(day.Date.AddHours(16)));
            if (close <= previous)
                throw row.Error(0, $"date is not after the previous row's (line {line - 1})");
            previous = close;
            var bar = new BarPayload { Open = Px(row, 1), High = Px(row, 2), Low = Px(row, 3), Close = Px(row, 4), Volume = row.Quantity(5) };
            records.Add(new Record { TimeNs = close, Kind = RecordKind.Bar, Aux = 1440, Bar = bar });
        }
        return [.. records];
    }

    private static long Px(CsvRow row, int i)
    {
        long v = row.Long(i);
        if (v < 0)
            throw row.Error(i, "negative price");
        return checked(v * PriceScale);
    }
}
