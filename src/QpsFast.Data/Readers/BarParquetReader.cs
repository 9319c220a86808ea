using Parquet;
using Parquet.Schema;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Readers;

/// <summary>
/// OHLCV bars from a Parquet file (any writer: pandas, polars, DuckDB, Spark), with the generic CSV's rules: the columns
/// are found by name (time: timestamp, time, date, datetime or open_time; open, high, low, close; volume optional);
/// the time is a timestamp column, an ISO 8601 string, or an integer Unix epoch (seconds, milliseconds, microseconds or
/// nanoseconds, told apart by magnitude); prices and volumes are any numeric type (doubles are taken to 8 decimals, as
/// the CSV's text would be). Each row is a bar's open time; bars are stamped at their close. Errors name the file, the
/// row (1-based), the column and the value.
/// </summary>
public static class BarParquetReader
{
    private static readonly string[] s_timeNames = ["timestamp", "time", "date", "datetime", "open_time"];

    /// <summary>Reads <paramref name="path"/> as bars of <paramref name="symbol"/> (default: the file name).</summary>
    /// <exception cref="DataFormatException">A missing column, a bad value or an out-of-order time.</exception>
    public static SourceData Read(string path, string? symbol = null, int? barMinutes = null)
    {
        symbol ??= Path.GetFileNameWithoutExtension(path);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or Parquet.ParquetException)
        {
            throw DataFormatException.InFile(path, $"not a Parquet file this reader can read ({e.Message.ReplaceLineEndings(" ")})");
        }
        try
        {
            return Read(path, symbol, barMinutes, reader);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static SourceData Read(string path, string symbol, int? barMinutes, ParquetReader reader)
    {
        var fields = reader.Schema.GetDataFields();
        DataField? Find(string what, bool required, params string[] names)
        {
            var f = fields.FirstOrDefault(x => names.Contains(x.Name.ToLowerInvariant()));
            if (f is null && required)
                throw DataFormatException.InFile(path, $"missing column '{what}' (the file has {string.Join(", ", fields.Select(x => x.Name))})");
            return f;
        }
        var time = Find("timestamp", true, s_timeNames)!;
        var open = Find("open", true, "open")!;
        var high = Find("high", true, "high")!;
        var low = Find("low", true, "low")!;
        var close = Find("close", true, "close")!;
        var volume = Find("volume", false, "volume", "vol");
        var openTimes = new List<long>();
        var bars = new List<BarPayload>();
        var rows = new List<long>();
        long row = 0, previous = long.MinValue;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var times = Column(path, group, time, n);
            var (o, h, l, c) = (Column(path, group, open, n), Column(path, group, high, n), Column(path, group, low, n), Column(path, group, close, n));
            var v = volume is null ? null : Column(path, group, volume, n);
            for (int i = 0; i < n; i++)
            {
                row++;
                long t = Time(path, row, time.Name, times[i]);
                if (t <= previous)
                    throw DataFormatException.AtRow(path, row, time.Name, Show(times[i]), $"time is not after the previous row's (row {row - 1})");
                previous = t;
                var bar = new BarPayload
                {
                    Open = Amount(path, row, open.Name, o[i], true),
                    High = Amount(path, row, high.Name, h[i], true),
                    Low = Amount(path, row, low.Name, l[i], true),
                    Close = Amount(path, row, close.Name, c[i], true),
                    Volume = v is null ? 0 : Amount(path, row, volume!.Name, v[i], false),
                };
                if (bar.High < Math.Max(bar.Open, bar.Close) || bar.Low > Math.Min(bar.Open, bar.Close))
                    throw DataFormatException.AtRow(path, row, high.Name, Show(h[i]), "high/low do not bracket open and close");
                openTimes.Add(t);
                bars.Add(bar);
                rows.Add(row);
            }
        }
        return BarCsvReader.ToSource(path, symbol, openTimes, bars, rows, volume?.Name, barMinutes);
    }

    // A column's values as objects (null where the file has none): the reader's types vary by writer.
    private static object?[] Column(string path, ParquetRowGroupReader group, DataField field, int n)
    {
        var type = field.ClrType;
        object?[] Read<T>() where T : struct
        {
            if (field.IsNullable)
            {
                var values = new T?[n];
                group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
                return [.. values.Select(x => (object?)x)];
            }
            var plain = new T[n];
            group.ReadAsync(field, plain.AsMemory()).GetAwaiter().GetResult();
            return [.. plain.Select(x => (object?)x)];
        }
        if (type == typeof(string))
        {
            var text = new string?[n];
            group.ReadAsync(field, text.AsMemory()).GetAwaiter().GetResult();
            return [.. text];
        }
        return type switch
        {
            _ when type == typeof(double) => Read<double>(),
            _ when type == typeof(float) => Read<float>(),
            _ when type == typeof(decimal) => Read<decimal>(),
            _ when type == typeof(long) => Read<long>(),
            _ when type == typeof(int) => Read<int>(),
            _ when type == typeof(DateTime) => Read<DateTime>(),
            _ when type == typeof(DateTimeOffset) => Read<DateTimeOffset>(),
            _ => throw DataFormatException.InFile(path, $"column '{field.Name}' has type {type.Name}, which bars cannot be read from"),
        };
    }

    private static long Time(string path, long row, string column, object? value)
    {
        switch (value)
        {
            case DateTime d:
                return TimeParsing.ToNs(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d);
            case DateTimeOffset d:
                return TimeParsing.ToNs(d.UtcDateTime);
            case long or int:
                if (TimeParsing.TryParseTimestamp(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), out long epoch))
                    return epoch;
                break;
            case string s when TimeParsing.TryParseTimestamp(s, out long parsed):
                return parsed;
        }
        throw DataFormatException.AtRow(path, row, column, Show(value), $"not a timestamp, an ISO 8601 time or a Unix epoch within {TimeParsing.Range}");
    }

    private static long Amount(string path, long row, string column, object? value, bool price)
    {
        decimal? d = value switch
        {
            double x when double.IsFinite(x) && Math.Abs(x) < 9e10 => (decimal)x,
            float x when float.IsFinite(x) && Math.Abs(x) < 9e10f => (decimal)x,
            decimal x => x,
            long x => x,
            int x => x,
            _ => null,
        };
        if (d is null || d < 0 || !FixedPoint.TryFromDecimal(decimal.Round(d.Value, FixedPoint.Decimals), out long raw))
            throw DataFormatException.AtRow(path, row, column, Show(value), $"not a non-negative {(price ? "price" : "quantity")} within the fixed-point range (±92,233,720,368.54775807)");
        if (raw == 0 && d != 0)
            throw DataFormatException.AtRow(path, row, column, Show(value), "below the fixed-point resolution (0.00000001): it would be taken as 0");
        return raw;
    }

    private static string Show(object? value) => value switch
    {
        null => "(null)",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
