using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Generic OHLCV CSV with a header: the columns are found by name (time: timestamp, time, date, datetime or an
/// unnamed first column; open, high, low, close; volume optional; others ignored). Timestamps are ISO 8601 (UTC
/// unless an offset is given) or Unix epochs. Rows carry the bar's open time; the reader stamps each bar at its close
/// (open + bar length), so no stage sees a bar before it has ended. The bar length is given or inferred as the
/// smallest gap between consecutive rows. Covers the fxcm/, crypto/btc-perp and daily/ files.
/// </summary>
public static class BarCsvReader
{
    private static readonly string[] s_timeNames = ["timestamp", "time", "date", "datetime", "open_time", ""];

    /// <summary>Reads <paramref name="path"/> as bars of <paramref name="symbol"/> (default: the file name).</summary>
    /// <exception cref="DataFormatException">A missing column, a malformed row or an out-of-order timestamp.</exception>
    public static SourceData Read(string path, string? symbol = null, int? barMinutes = null)
    {
        symbol ??= Path.GetFileNameWithoutExtension(path);
        using var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext())
            throw new DataFormatException(path, 1, "(header)", "", "the file is empty");
        var header = lines.Current.Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray();
        int Find(string name, bool required, params string[] names)
        {
            for (int i = 0; i < header.Length; i++)
                if (names.Contains(header[i]))
                    return i;
            if (required)
                throw new DataFormatException(path, 1, name, string.Join(',', header), $"missing column '{name}'");
            return -1;
        }
        int time = Find("timestamp", true, s_timeNames);
        int open = Find("open", true, "open");
        int high = Find("high", true, "high");
        int low = Find("low", true, "low");
        int close = Find("close", true, "close");
        int volume = Find("volume", false, "volume", "vol");

        var openTimes = new List<long>();
        var bars = new List<BarPayload>();
        Span<Range> fields = stackalloc Range[header.Length + 1];
        long line = 1;
        long previous = long.MinValue;
        var rowLines = new List<long>(); // to name a row whose day's volumes overflow, once the bar length is known
        while (lines.MoveNext())
        {
            line++;
            if (lines.Current.Length == 0)
                continue;
            var row = new CsvRow(path, line, lines.Current, fields, header);
            row.RequireColumns(header.Length);
            if (!TimeParsing.TryParseTimestamp(row[time], out long t))
                throw row.Error(time, $"not an ISO 8601 timestamp or Unix epoch within {TimeParsing.Range}");
            if (t <= previous)
                throw row.Error(time, $"timestamp is not after the previous row's (line {line - 1})");
            previous = t;
            var bar = new BarPayload
            {
                Open = row.Price(open),
                High = row.Price(high),
                Low = row.Price(low),
                Close = row.Price(close),
                Volume = volume >= 0 ? row.Quantity(volume) : 0,
            };
            rowLines.Add(line);
            if (bar.High < Math.Max(bar.Open, bar.Close) || bar.Low > Math.Min(bar.Open, bar.Close))
                throw row.Error(high, "high/low do not bracket open and close");
            openTimes.Add(t);
            bars.Add(bar);
        }
        return ToSource(path, symbol, openTimes, bars, rowLines, volume >= 0 ? header[volume] : null, barMinutes);
    }

    /// <summary>
    /// Stamps bars read from <paramref name="path"/> at their close (open + the bar length, given or inferred) and checks
    /// one-minute bars' daily volumes (naming the row of <paramref name="rows"/> that overflows): the end of every bar
    /// reader (CSV, Parquet).
    /// </summary>
    /// <exception cref="DataFormatException">A day's one-minute volumes overflow.</exception>
    internal static SourceData ToSource(string path, string symbol, List<long> openTimes, List<BarPayload> bars, List<long> rows, string? volumeColumn, int? barMinutes)
    {
        int minutes = barMinutes ?? InferMinutes(openTimes);
        if (minutes == 1 && volumeColumn is not null)
        {
            var days = default(DailyVolume);
            for (int i = 0; i < bars.Count; i++)
            {
                if (!days.Add(openTimes[i] + 60_000_000_000L, bars[i].Volume))
                    throw new DataFormatException(path, rows[i], volumeColumn, QpsFast.Engine.Values.FixedPoint.Format(bars[i].Volume), DailyVolume.Problem);
            }
        }
        var records = new Record[bars.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = new Record
            {
                TimeNs = openTimes[i] + minutes * 60_000_000_000L,
                Kind = RecordKind.Bar,
                Aux = (ushort)minutes,
                Bar = bars[i],
            };
        }
        return new SourceData(path, [symbol], records);
    }

    /// <summary>Returns the bar length in minutes: the smallest gap between consecutive open times (1 if unknown).</summary>
    public static int InferMinutes(IReadOnlyList<long> openTimes)
    {
        long best = long.MaxValue;
        for (int i = 1; i < Math.Min(openTimes.Count, 2000); i++)
            best = Math.Min(best, openTimes[i] - openTimes[i - 1]);
        if (best == long.MaxValue)
            return 1;
        return (int)Math.Clamp(best / 60_000_000_000L, 1, ushort.MaxValue);
    }
}
