using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// OHLCV bars from a Parquet file (any writer: pandas, polars, DuckDB, Spark), with the generic CSV's rules: the columns
/// are found by name (time: timestamp, time, date, datetime or open_time; open, high, low, close; volume optional) or
/// as its <see cref="ParquetMapping"/> names them; the time is a timestamp column, an ISO 8601 string, or an integer
/// Unix epoch (in the mapping's unit, or told apart by magnitude); prices and volumes are any numeric type (doubles are
/// taken to 8 decimals, as the CSV's text would be), times the mapping's scales. Each row is a bar's open time; bars
/// are stamped at their close. Errors name the file, the row (1-based), the column and the value.
/// </summary>
public static class BarParquetReader
{
    /// <summary>Reads <paramref name="path"/> as bars of <paramref name="symbol"/> (default: the mapping's, else the file name).</summary>
    /// <exception cref="DataFormatException">A missing column, a bad value or an out-of-order time.</exception>
    public static SourceData Read(string path, string? symbol = null, int? barMinutes = null)
    {
        using var file = ParquetColumns.Open(path, "bars");
        if (file.Mapping.Kind != "bars")
            throw DataFormatException.InFile(path, $"holds {file.Mapping.Kind}, not bars");
        return Read(file, symbol, barMinutes);
    }

    internal static SourceData Read(ParquetColumns file, string? symbol = null, int? barMinutes = null)
    {
        string path = file.Path;
        var map = file.Mapping;
        symbol ??= map.Symbol ?? Path.GetFileNameWithoutExtension(path);
        var time = file.Field("time", true)!;
        var (open, high, low, close) = (file.Field("open", true)!, file.Field("high", true)!, file.Field("low", true)!, file.Field("close", true)!);
        var volume = file.Field("volume", false);
        var openTimes = new List<long>();
        var bars = new List<BarPayload>();
        var rows = new List<long>();
        long row = 0, previous = long.MinValue;
        for (int g = 0; g < file.RowGroups; g++)
        {
            using var group = file.Group(g);
            long first = row + 1;
            var times = file.Times(group, time, first);
            var o = file.Amounts(group, open, first, map.PriceScale, true);
            var h = file.Amounts(group, high, first, map.PriceScale, true);
            var l = file.Amounts(group, low, first, map.PriceScale, true);
            var c = file.Amounts(group, close, first, map.PriceScale, true);
            var v = volume is null ? null : file.Amounts(group, volume, first, map.SizeScale, false);
            for (int i = 0; i < times.Length; i++)
            {
                row++;
                if (times[i] <= previous)
                    throw DataFormatException.AtRow(path, row, time.Name, Show(times[i]), $"time is not after the previous row's (row {row - 1})");
                previous = times[i];
                var bar = new BarPayload { Open = o[i], High = h[i], Low = l[i], Close = c[i], Volume = v is null ? 0 : v[i] };
                if (bar.High < Math.Max(bar.Open, bar.Close) || bar.Low > Math.Min(bar.Open, bar.Close))
                    throw DataFormatException.AtRow(path, row, high.Name, QpsFast.Engine.Values.FixedPoint.Format(bar.High), "high/low do not bracket open and close");
                openTimes.Add(times[i]);
                bars.Add(bar);
                rows.Add(row);
            }
        }
        return BarCsvReader.ToSource(path, symbol, openTimes, bars, rows, volume?.Name, barMinutes ?? map.BarMinutes);
    }

    internal static string Show(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
}
