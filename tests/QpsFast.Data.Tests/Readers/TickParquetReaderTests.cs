using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using QpsFast.Data.Readers;

namespace QpsFast.Data.Tests.Readers;

/// <summary>
/// Trades, quotes and book updates in Parquet written by an independent writer (DuckDB), with their own column names,
/// integer µs times and prices in cents, read through a sidecar mapping to the records of the CSV they came from.
/// </summary>
public sealed class TickParquetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-tick-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static void DuckDb(string sql)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Q(string path) => path.Replace("'", "''", StringComparison.Ordinal);

    private string Csv(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    private static void SameRecords(string a, string b)
    {
        var x = MarketDataLoader.Load([a]);
        var y = MarketDataLoader.Load([b]);
        Assert.Equal(x.Symbols, y.Symbols);
        Assert.NotEmpty(x.Records);
        Assert.True(MemoryMarshal.AsBytes(x.Records.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.Records.AsSpan())), "the same records, byte for byte");
    }

    [Fact]
    public void Trades_WithRenamedColumns_MicrosecondIntegers_AndCentPrices_ReadThroughTheirSidecar()
    {
        string csv = Csv("trades.csv", TickReaderTests.TardisTrades);
        string parquet = Path.Combine(_dir, "trades.parquet");
        DuckDb($"COPY (SELECT symbol AS sym, local_timestamp AS ts, side AS taker, CAST(round(price * 100) AS BIGINT) AS px_cents, amount AS qty FROM read_csv('{Q(csv)}', header = true)) TO '{Q(parquet)}' (FORMAT PARQUET)");
        File.WriteAllText(parquet + ".json", """
            { "kind": "trades", "columns": { "time": "ts", "price": "px_cents", "size": "qty", "side": "taker", "symbol": "sym" },
              "time_unit": "us", "price_scale": "0.01" }
            """);
        SameRecords(csv, parquet);
    }

    [SkippableFact]
    public void QuoteTicks_ByTheirUsualNames_NeedNoSidecar()
    {
        string csv = SharedData.PathOf("book/usdjpy-ticks.csv");
        string parquet = Path.Combine(_dir, "usdjpy-ticks.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{Q(csv)}', header = true)) TO '{Q(parquet)}' (FORMAT PARQUET)");
        SameRecords(csv, parquet);
    }

    [Fact]
    public void IncrementalBook_WithASnapshotFlag_ReadsToTheTardisReadersRecords()
    {
        string csv = Csv("l2.csv", TickReaderTests.TardisL2);
        string parquet = Path.Combine(_dir, "l2.parquet");
        DuckDb($"COPY (SELECT symbol, local_timestamp, is_snapshot, side, price, amount FROM read_csv('{Q(csv)}', header = true)) TO '{Q(parquet)}' (FORMAT PARQUET)");
        File.WriteAllText(parquet + ".json", """{ "columns": { "time": "local_timestamp" }, "time_unit": "us" }""");
        SameRecords(csv, parquet);
    }

    [Fact]
    public void BadSidecars_AndBadValues_AreOneLineNamingTheFile()
    {
        string parquet = Path.Combine(_dir, "t.parquet");
        DuckDb($"COPY (SELECT 1704067200000000 + i AS ts, 10.5 AS price, CASE WHEN i = 2 THEN -1 ELSE 1 END AS size FROM range(4) t(i)) TO '{Q(parquet)}' (FORMAT PARQUET)");
        var e = Assert.Throws<DataFormatException>(() => ParquetMarketData.Read(parquet));
        Assert.Contains("t.parquet: row 3: column 'size', value '-1'", e.Message);
        foreach (var (json, says) in new[]
        {
            ("""{ "kind": "candles" }""", "kind 'candles' is not one of bars, trades, quotes, book"),
            ("""{ "columns": { "price": "px" } }""", "maps 'price' to column 'px', which the file does not have"),
            ("""{ "colums": {} }""", "unknown key 'colums'"),
            ("""{ "price_scale": "-2" }""", "'price_scale' must be a positive decimal number"),
            ("""{ "time_unit": "minutes" }""", "time_unit 'minutes' is not one of auto, s, ms, us, ns"),
            ("{ nope", "not valid JSON"),
        })
        {
            File.WriteAllText(parquet + ".json", json);
            e = Assert.Throws<DataFormatException>(() => MarketDataLoader.Load([parquet]));
            Assert.Contains(says, e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        File.WriteAllText(parquet + ".json", """{ "kind": "quotes" }""");
        Assert.Contains("missing column 'bid' for quotes", Assert.Throws<DataFormatException>(() => ParquetMarketData.Read(parquet)).Message);
    }
}
