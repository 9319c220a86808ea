using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using QpsFast.Engine.IO;
using QpsFast.Engine.Values;

namespace QpsFast.Reporting.Export;

/// <summary>Writes an exported <see cref="Table"/> as Parquet (Parquet.Net) or CSV, atomically.</summary>
public static class TableFiles
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> as Parquet: one row group, typed columns (docs/results.md).</summary>
    public static void WriteParquet(Table table, string path)
    {
        var fields = table.Columns.Select(Field).ToArray();
        var schema = new ParquetSchema(fields);
        AtomicFile.Write(path, stream =>
        {
            var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
            try
            {
                using var group = writer.CreateRowGroup();
                for (int c = 0; c < fields.Length; c++)
                {
                    var task = table.Columns[c].Type switch
                    {
                        ColumnType.Int64 => group.WriteAsync<long>(fields[c], table.Longs[c]!.ToArray().AsMemory()),
                        ColumnType.Timestamp => group.WriteAsync<DateTime>(fields[c], table.Longs[c]!.Select(ns => DateTime.UnixEpoch.AddTicks(ns / 100)).ToArray().AsMemory()),
                        ColumnType.Amount => group.WriteAsync<decimal>(fields[c], table.Longs[c]!.Select(FixedPoint.ToDecimal).ToArray().AsMemory()),
                        ColumnType.Double => group.WriteAsync<double>(fields[c], table.Doubles[c]!.ToArray().AsMemory()),
                        _ => group.WriteAsync(fields[c], table.Texts[c]!),
                    };
                    task.GetAwaiter().GetResult();
                }
            }
            finally
            {
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
    }

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/> as CSV: a header, times in ISO 8601 UTC to the nanosecond, amounts exact.</summary>
    public static void WriteCsv(Table table, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(string.Join(',', table.Columns.Select(c => c.Name)));
            w.Write('\n');
            for (int r = 0; r < table.Rows; r++)
            {
                for (int c = 0; c < table.Columns.Count; c++)
                {
                    if (c > 0)
                        w.Write(',');
                    w.Write(table.Columns[c].Type switch
                    {
                        ColumnType.Int64 => table.Longs[c]![r].ToString(CultureInfo.InvariantCulture),
                        ColumnType.Timestamp => Time(table.Longs[c]![r]),
                        ColumnType.Amount => FixedPoint.ToDecimal(table.Longs[c]![r]).ToString(CultureInfo.InvariantCulture),
                        ColumnType.Double => table.Doubles[c]![r].ToString("R", CultureInfo.InvariantCulture),
                        _ => Quote(table.Texts[c]![r]),
                    });
                }
                w.Write('\n');
            }
        });
    }

    private static DataField Field((string Name, ColumnType Type) c) => c.Type switch
    {
        ColumnType.Int64 => new DataField<long>(c.Name),
        ColumnType.Timestamp => new DateTimeDataField(c.Name, DateTimeFormat.DateAndTime, isAdjustedToUTC: true),
        ColumnType.Amount => new DecimalDataField(c.Name, 18, 8),
        ColumnType.Double => new DataField<double>(c.Name),
        _ => new DataField<string>(c.Name),
    };

    private static string Time(long ns) =>
        DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + (ns % 100).ToString("00", CultureInfo.InvariantCulture) + "Z";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
