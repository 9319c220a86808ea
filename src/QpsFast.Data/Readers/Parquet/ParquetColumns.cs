using Parquet;
using Parquet.Schema;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Readers;

/// <summary>
/// One open Parquet file and its columns, converted a row group at a time into what records hold: times into ns since
/// the Unix epoch, prices and sizes into fixed point (times the mapping's scale), anything else into text. Every bad
/// value is a <see cref="DataFormatException"/> naming the file, the row (1-based over the file), the column and the
/// value. The reader's types vary by writer (pandas, polars, DuckDB, Spark), so each conversion takes them all.
/// </summary>
internal sealed class ParquetColumns : IDisposable
{
    private readonly ParquetReader _reader;

    private ParquetColumns(string path, ParquetReader reader, ParquetMapping mapping)
    {
        Path = path;
        _reader = reader;
        Fields = reader.Schema.GetDataFields();
        Mapping = mapping;
    }

    public string Path { get; }
    public DataField[] Fields { get; }
    public ParquetMapping Mapping { get; }
    public int RowGroups => _reader.RowGroupCount;

    /// <summary>Opens <paramref name="path"/>; <paramref name="kind"/> is what the caller reads when the sidecar does not say.</summary>
    /// <exception cref="DataFormatException">Not a Parquet file, or its sidecar mapping is bad.</exception>
    public static ParquetColumns Open(string path, string? kind = null)
    {
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or ParquetException)
        {
            throw DataFormatException.InFile(path, $"not a Parquet file this reader can read ({e.Message.ReplaceLineEndings(" ")})");
        }
        try
        {
            var names = reader.Schema.GetDataFields().Select(f => f.Name).ToArray();
            return new ParquetColumns(path, reader, ParquetMapping.For(path, names, kind));
        }
        catch
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The field playing <paramref name="role"/>, or null when optional and absent.</summary>
    public DataField? Field(string role, bool required)
    {
        var names = Fields.Select(f => f.Name).ToArray();
        var name = Mapping.Column(Path, role, names);
        if (name is null && required)
            throw DataFormatException.InFile(Path, $"missing column '{role}' for {Mapping.Kind} (the file has {string.Join(", ", names)}; map it in {System.IO.Path.GetFileName(ParquetMapping.SidecarOf(Path))})");
        return name is null ? null : Fields.First(f => f.Name == name);
    }

    public ParquetRowGroupReader Group(int g) => _reader.OpenRowGroupReader(g);

    /// <summary>Times in ns: timestamp columns as they are, integers in the mapping's unit (or by magnitude), ISO 8601 text.</summary>
    public long[] Times(ParquetRowGroupReader group, DataField field, long firstRow)
    {
        var values = Values(group, field);
        var ns = new long[values.Length];
        long unit = Mapping.TimeUnitNs;
        for (int i = 0; i < values.Length; i++)
        {
            var v = values[i];
            bool ok = v switch
            {
                DateTime d => Set(TimeParsing.ToNs(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d), out ns[i]),
                DateTimeOffset d => Set(TimeParsing.ToNs(d.UtcDateTime), out ns[i]),
                long or int or ulong when unit > 0 => Int128Fits((Int128)Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture) * unit, out ns[i]),
                long or int or ulong => TimeParsing.TryParseTimestamp(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture), out ns[i]),
                string s => TimeParsing.TryParseTimestamp(s, out ns[i]),
                _ => false,
            };
            if (!ok)
                throw DataFormatException.AtRow(Path, firstRow + i, field.Name, Show(v), $"not a timestamp, an ISO 8601 time or a Unix epoch{(unit > 0 ? $" in {Mapping.TimeUnit}" : "")} within {TimeParsing.Range}");
        }
        return ns;
    }

    /// <summary>Non-negative amounts in fixed point, times <paramref name="scale"/>; doubles are taken to 8 decimals, as their text would be. A null is an error unless <paramref name="nullAs"/> is given.</summary>
    public long[] Amounts(ParquetRowGroupReader group, DataField field, long firstRow, decimal scale, bool price, long? nullAs = null)
    {
        var values = Values(group, field);
        var raw = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v is null && nullAs is long fallback)
            {
                raw[i] = fallback;
                continue;
            }
            decimal? d = v switch
            {
                // The shortest text that round-trips, as a CSV writer prints it ((decimal)double keeps 15 digits only).
                double x when double.IsFinite(x) && Math.Abs(x) < 9e10 => decimal.Parse(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
                float x when float.IsFinite(x) && Math.Abs(x) < 9e10f => decimal.Parse(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
                decimal x => x,
                long x => x,
                int x => x,
                _ => null,
            };
            if (d is not null && scale != 1m)
                d = scale < 1m || Math.Abs(d.Value) < 7.9e27m / scale ? d * scale : null;
            if (d is null || d < 0 || !FixedPoint.TryFromDecimal(decimal.Round(d.Value, FixedPoint.Decimals), out raw[i]))
                throw DataFormatException.AtRow(Path, firstRow + i, field.Name, Show(v), $"not a non-negative {(price ? "price" : "quantity")} within the fixed-point range (±92,233,720,368.54775807){(scale != 1m ? $" after the scale {scale}" : "")}");
            if (raw[i] == 0 && d != 0)
                throw DataFormatException.AtRow(Path, firstRow + i, field.Name, Show(v), "below the fixed-point resolution (0.00000001): it would be taken as 0");
        }
        return raw;
    }

    /// <summary>Values as invariant text (booleans "true"/"false", null ""), for sides, flags and symbols.</summary>
    public string[] Texts(ParquetRowGroupReader group, DataField field) =>
        [.. Values(group, field).Select(v => v switch { null => "", bool b => b ? "true" : "false", _ => Show(v) })];

    // A column's values as objects (null where the file has none).
    private object?[] Values(ParquetRowGroupReader group, DataField field)
    {
        int n = checked((int)group.RowCount);
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
        if (type == typeof(ReadOnlyMemory<char>))
            return [.. Read<ReadOnlyMemory<char>>().Select(x => x is ReadOnlyMemory<char> m ? (object?)m.ToString() : null)];
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
            _ when type == typeof(ulong) => Read<ulong>(),
            _ when type == typeof(int) => Read<int>(),
            _ when type == typeof(bool) => Read<bool>(),
            _ when type == typeof(DateTime) => Read<DateTime>(),
            _ when type == typeof(DateTimeOffset) => Read<DateTimeOffset>(),
            _ => throw DataFormatException.InFile(Path, $"column '{field.Name}' has type {type.Name}, which records cannot be read from"),
        };
    }

    private static bool Set(long value, out long target)
    {
        target = value;
        return true;
    }

    private static bool Int128Fits(Int128 value, out long ns)
    {
        bool fits = value >= long.MinValue && value <= long.MaxValue;
        ns = fits ? (long)value : 0;
        return fits;
    }

    public static string Show(object? value) => value switch
    {
        null => "(null)",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
