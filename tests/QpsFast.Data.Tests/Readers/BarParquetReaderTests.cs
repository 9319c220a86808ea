using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using QpsFast.Data.Readers;

namespace QpsFast.Data.Tests.Readers;

/// <summary>Bars in Parquet written by an independent writer (DuckDB) read to the very records of the CSV they came from.</summary>
public sealed class BarParquetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void DuckDb(string sql)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Q(string path) => path.Replace("'", "''", StringComparison.Ordinal);

    [SkippableTheory]
    [InlineData("fxcm/gbpusd-m1-bid-2012.csv")]
    [InlineData("daily/orcl-1995-2014.txt")]
    public void DuckDbsParquetOfASharedCsv_GivesTheCsvsRecords(string file)
    {
        string csv = SharedData.PathOf(file);
        string parquet = Path.Combine(_dir, Path.GetFileNameWithoutExtension(file) + ".parquet");
        DuckDb($"COPY (SELECT * FROM read_csv_auto('{Q(csv)}')) TO '{Q(parquet)}' (FORMAT PARQUET)");
        var fromCsv = MarketDataLoader.Load([csv]);
        var fromParquet = MarketDataLoader.Load([parquet]);
        Assert.Equal(fromCsv.Symbols, fromParquet.Symbols);
        Assert.True(fromCsv.Records.Length > 1000);
        Assert.True(MemoryMarshal.AsBytes(fromCsv.Records.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(fromParquet.Records.AsSpan())), "the same records, byte for byte");
    }

    [Fact]
    public void EpochColumnsAndNumericTypes_Read_AndBadValuesAreNamedByRowAndColumn()
    {
        string good = Path.Combine(_dir, "epochs.parquet");
        DuckDb($"COPY (SELECT 1704067200000 + i * 60000 AS open_time, 10.5::FLOAT AS open, 11::INTEGER AS high, 10::DECIMAL(10,2) AS low, 10.75 AS close, 3::BIGINT AS volume FROM range(5) t(i)) TO '{Q(good)}' (FORMAT PARQUET)");
        var data = BarParquetReader.Read(good);
        Assert.Equal(5, data.Records.Length);
        Assert.Equal(1704067260000000000L, data.Records[0].TimeNs); // milliseconds by magnitude; stamped at the bar's close
        Assert.Equal(1_075_000_000L, data.Records[0].Bar.Close);
        Assert.Equal(300_000_000L, data.Records[4].Bar.Volume);

        string bad = Path.Combine(_dir, "bad.parquet");
        DuckDb($"COPY (SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS time, 10.0 AS open, 11.0 AS high, 9.0 AS low, CASE WHEN i = 3 THEN -1.0 ELSE 10.0 END AS close FROM range(5) t(i)) TO '{Q(bad)}' (FORMAT PARQUET)");
        var e = Assert.Throws<DataFormatException>(() => BarParquetReader.Read(bad));
        Assert.Contains("bad.parquet", e.Message);
        Assert.Contains("close", e.Message);
        Assert.Contains("4", e.Message); // the fourth row
        Assert.Contains("-1", e.Message);

        string missing = Path.Combine(_dir, "missing.parquet");
        DuckDb($"COPY (SELECT TIMESTAMP '2024-01-01' AS time, 1.0 AS open) TO '{Q(missing)}' (FORMAT PARQUET)");
        Assert.Contains("missing column 'high'", Assert.Throws<DataFormatException>(() => BarParquetReader.Read(missing)).Message);

        string notParquet = Path.Combine(_dir, "text.parquet");
        File.WriteAllText(notParquet, "time,open\n");
        Assert.Contains("not a Parquet file", Assert.Throws<DataFormatException>(() => BarParquetReader.Read(notParquet)).Message);
    }
}
