namespace QpsFast.Data.Readers;

/// <summary>
/// Quote ticks from a CSV with a header (TrueFX's <c>timestamp,bid,ask</c>, or any file naming its columns): time
/// (timestamp, time, datetime, date), bid and ask (or bid_price and ask_price), sizes optional (bid_size, bid_qty,
/// bid_amount, bid_volume; the same for ask). Each row becomes level-0 bid and ask updates for the sides that changed
/// (<see cref="BookLevelEmitter"/>); a file without sizes gives each side a size of 1 (the level is there, its depth is
/// not known). Times are ISO 8601 (UTC unless an offset is given) or Unix epochs, and may repeat but never go back.
/// </summary>
public static class QuoteCsvReader
{
    private static readonly string[] s_time = ["timestamp", "time", "datetime", "date"];
    private static readonly string[] s_bid = ["bid", "bid_price", "bidprice"];
    private static readonly string[] s_ask = ["ask", "ask_price", "askprice"];
    private static readonly string[] s_bidSize = ["bid_size", "bid_qty", "bid_amount", "bid_volume", "bidsize"];
    private static readonly string[] s_askSize = ["ask_size", "ask_qty", "ask_amount", "ask_volume", "asksize"];

    /// <summary>Returns whether a header line names a time, a bid and an ask and no bar columns.</summary>
    public static bool Sniff(string header)
    {
        var names = Names(header);
        return Index(names, s_time) >= 0 && Index(names, s_bid) >= 0 && Index(names, s_ask) >= 0 && !names.Contains("open") && !names.Contains("close");
    }

    /// <summary>Reads <paramref name="path"/> as quotes of <paramref name="symbol"/> (default: the file name).</summary>
    /// <exception cref="DataFormatException">A missing column, a malformed row or a time before the previous row's.</exception>
    public static SourceData Read(string path, string? symbol = null)
    {
        symbol ??= TextLines.Stem(path);
        using var lines = TextLines.Read(path).GetEnumerator();
        string header = lines.MoveNext() ? lines.Current : "";
        var names = Names(header);
        int Require(string what, string[] aliases) =>
            Index(names, aliases) is int i and >= 0 ? i : throw new DataFormatException(path, 1, what, header, $"missing column '{what}'");
        int time = Require("timestamp", s_time), bid = Require("bid", s_bid), ask = Require("ask", s_ask);
        int bidSize = Index(names, s_bidSize), askSize = Index(names, s_askSize);
        if ((bidSize < 0) != (askSize < 0))
            throw new DataFormatException(path, 1, bidSize < 0 ? "bid_size" : "ask_size", header, "sizes for one side only");
        var emitter = new BookLevelEmitter(1);
        var records = new List<QpsFast.Engine.Records.Record>();
        Span<long> prices = stackalloc long[2];
        Span<long> sizes = stackalloc long[2];
        Span<Range> fields = stackalloc Range[names.Length + 1];
        long line = 1, previous = long.MinValue;
        long one = QpsFast.Engine.Values.FixedPoint.Scale;
        while (lines.MoveNext())
        {
            line++;
            if (lines.Current.Length == 0)
                continue;
            var row = new CsvRow(path, line, lines.Current, fields, names);
            row.RequireColumns(names.Length);
            if (!TimeParsing.TryParseTimestamp(row[time], out long t))
                throw row.Error(time, $"not an ISO 8601 time or a Unix epoch within {TimeParsing.Range}");
            if (t < previous)
                throw row.Error(time, $"time is before the previous row's (line {line - 1})");
            previous = t;
            prices[0] = row.Price(bid);
            prices[1] = row.Price(ask);
            if (prices[0] > prices[1])
                throw row.Error(bid, $"bid above ask ({row[ask]})");
            sizes[0] = bidSize < 0 ? one : row.Quantity(bidSize);
            sizes[1] = askSize < 0 ? one : row.Quantity(askSize);
            emitter.Emit(t, prices, sizes, records);
        }
        return new SourceData(path, [symbol], [.. records]);
    }

    private static string[] Names(string header) => [.. header.Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant())];

    private static int Index(string[] names, string[] aliases)
    {
        for (int i = 0; i < names.Length; i++)
            if (aliases.Contains(names[i]))
                return i;
        return -1;
    }
}
