namespace QpsFast.Cli.Tests;

/// <summary><c>qps export</c> end to end: Parquet and CSV files per table, and bad input.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASessionExports_AsParquetAndCsv_OneFilePerTable_AndBadInputIsOneLine()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "e", "--days", "1").ExitCode);
        var parquet = Qps.Run(_dir, "export", "--session", "e");
        Assert.True(parquet.ExitCode == 0, parquet.Err);
        foreach (var table in new[] { "fills", "orders", "signals", "rejects", "marks" })
        {
            var file = Path.Combine(_dir, "logs", "e", "export", table + ".parquet");
            Assert.True(File.Exists(file), table);
            Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(file)[..4]);
        }
        var csv = Qps.Run(_dir, "export", "--session", "e", "--format", "csv", "--kind", "fills", "marks", "--out", "tables");
        Assert.True(csv.ExitCode == 0, csv.Err);
        var lines = File.ReadAllLines(Path.Combine(_dir, "tables", "fills.csv"));
        Assert.Equal("sequence,time,time_ns,book,symbol,order_id,quantity,price,fee,leaves", lines[0]);
        Assert.Matches(@"^\d+,2024-01-01T\d\d:\d\d:\d\d\.\d{9}Z,\d+,[a-z-]+,[A-Z-]+,\d+,-?[\d.]+,[\d.]+,[\d.]+,-?[\d.]+$", lines[1]);
        Assert.False(File.Exists(Path.Combine(_dir, "tables", "orders.csv")));

        foreach (var (args, code, message) in new[]
        {
            (new[] { "--session", "e", "--kind", "trades" }, 2, "--kind 'trades': expected one of fills, orders, signals, rejects, marks"),
            (new[] { "--session", "nope" }, 2, "no journal for session 'nope'"),
            (new[] { "--session", "e", "--format", "xlsx" }, 2, "xlsx"),
        })
        {
            var r = Qps.Run(_dir, ["export", .. args]);
            Assert.True(r.ExitCode == code, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.Err}");
            Assert.Contains(message, r.Err);
        }
    }
}
