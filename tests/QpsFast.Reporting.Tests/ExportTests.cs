using DuckDB.NET.Data;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Reporting.Export;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Reporting.Tests;

/// <summary>
/// qps export's Parquet, read back by an independent reader (DuckDB): the demo session's fills, orders and marks have
/// the journal's row counts and, to the last fixed-point unit, its sums of quantities, prices, fees and equity.
/// </summary>
public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void ParquetOfTheDemo_ReadByDuckDb_HasTheJournalsCountsAndSums()
    {
        var records = new List<Record>();
        new SyntheticMarket(new SyntheticOptions()).Generate(c => records.AddRange(c));
        string journal = Path.Combine(_dir, "journal");
        SessionRunner.Run(new SessionPlan { Manifest = new SessionManifest("demo", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings()), JournalDirectory = journal }, records.ToArray());

        // The journal's own counts and sums (raw fixed point).
        long fills = 0, fillQuantity = 0, fillFees = 0, fillNotionalCheck = 0, orders = 0, orderQuantity = 0, marks = 0, portfolioEquity = 0;
        var reader = JournalReader.Open(journal);
        reader.Read(frame =>
        {
            foreach (ref readonly var r in frame)
            {
                switch (r.Kind)
                {
                    case RecordKind.Fill: fills++; fillQuantity += r.Fill.Quantity; fillFees += r.Fill.Fee; fillNotionalCheck += r.Fill.Price; break;
                    case RecordKind.Order: orders++; orderQuantity += r.Order.Quantity; break;
                    case RecordKind.Mark: marks++; if (r.Source == SourceId.Portfolio) portfolioEquity += r.Mark.Equity; break;
                }
            }
        });
        Assert.True(fills > 1000 && orders > 500 && marks > 500);

        var tables = JournalTables.Read(journal, ["fills", "orders", "marks"], out var manifest);
        Assert.Equal("demo", manifest.Session);
        foreach (var t in tables)
            TableFiles.WriteParquet(t, Path.Combine(_dir, t.Name + ".parquet"));

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        object[] Row(string sql)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            var values = new object[r.FieldCount];
            r.GetValues(values);
            return values;
        }
        string F(string name) => Path.Combine(_dir, name + ".parquet").Replace("'", "''", StringComparison.Ordinal);
        var f = Row($"SELECT count(*), sum(quantity), sum(fee), sum(price), min(time_ns), count(DISTINCT book) FROM '{F("fills")}'");
        Assert.Equal(fills, Convert.ToInt64(f[0]));
        Assert.Equal(FixedPoint.ToDecimal(fillQuantity), Convert.ToDecimal(f[1]));
        Assert.Equal(FixedPoint.ToDecimal(fillFees), Convert.ToDecimal(f[2]));
        Assert.Equal(FixedPoint.ToDecimal(fillNotionalCheck), Convert.ToDecimal(f[3]));
        Assert.Equal(5, Convert.ToInt64(f[5])); // the five built-in alphas, by name
        var o = Row($"SELECT count(*), sum(quantity) FROM '{F("orders")}'");
        Assert.Equal(orders, Convert.ToInt64(o[0]));
        Assert.Equal(FixedPoint.ToDecimal(orderQuantity), Convert.ToDecimal(o[1]));
        var m = Row($"SELECT count(*), sum(equity) FILTER (WHERE book = 'portfolio') FROM '{F("marks")}'");
        Assert.Equal(marks, Convert.ToInt64(m[0]));
        Assert.Equal(FixedPoint.ToDecimal(portfolioEquity), Convert.ToDecimal(m[1]));
        // Times are UTC timestamps that DuckDB reads as such: the first fill's time equals its nanoseconds, to the microsecond.
        var t0 = Row($"SELECT epoch_us(min(time)), min(time_ns) FROM '{F("fills")}'");
        Assert.Equal(Convert.ToInt64(t0[1]) / 1000, Convert.ToInt64(t0[0]));
    }
}
