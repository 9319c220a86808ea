namespace QpsFast.Cli.Tests;

/// <summary><c>qps import</c> and <c>qps live --catalog</c>: the same journal digest as the original files, and bad input.</summary>
public sealed class CatalogCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void LiveOnTheCatalog_HasTheDigestOfLiveOnTheFiles_AndASweepReadsItToo()
    {
        string bid = SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv"), snap = SharedData.PathOf("book/btcusdt-depth-snap.csv"), update = SharedData.PathOf("book/btcusdt-depth-update.csv");
        var import = Qps.Run(_dir, "import", bid, snap, update, "--catalog", "cat");
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("3 source file(s), 0 already in the catalog", import.Out);
        var again = Qps.Run(_dir, "import", bid, "--catalog", "cat");
        Assert.Contains("1 already in the catalog", again.Out);
        var files = Qps.Run(_dir, "live", "--session", "f", "--data", bid, snap, update);
        var catalog = Qps.Run(_dir, "live", "--session", "c", "--catalog", "cat");
        Assert.True(files.ExitCode == 0 && catalog.ExitCode == 0, files.Err + catalog.Err);
        Assert.Equal(Qps.Digest(files), Qps.Digest(catalog));
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "c").ExitCode);
        var one = Qps.Run(_dir, "live", "--session", "one", "--catalog", "cat", "--symbol", "gbpusd-m1-bid-2012", "--from", "2012-02-10", "--to", "2012-02-12");
        Assert.True(one.ExitCode == 0, one.Err);
        Assert.Contains("1 symbols (gbpusd-m1-bid-2012)", one.Out);
        var sweep = Qps.Run(_dir, "sweep", "--catalog", "cat", "--vary", "alphas.breakout.period=10,20", "--out", "s");
        Assert.True(sweep.ExitCode == 0, sweep.Err);
        Assert.Contains("catalog:cat|", File.ReadAllText(Path.Combine(_dir, "s", "sweep.json")));
    }

    [Fact]
    public void BenchPipelineAndEndToEnd_RunOnACatalog_AndASelectionTooLongToCycleIsRefused()
    {
        Assert.Equal(0, Qps.Run(_dir, "generate", "--catalog", "gen", "--days", "2", "--symbols", "3").ExitCode);
        var pipeline = Qps.Run(_dir, "bench", "pipeline", "--catalog", "gen", "--events", "200000", "--repeats", "1");
        Assert.True(pipeline.ExitCode == 0, pipeline.Err);
        Assert.Contains("data     catalog gen: 95,040 records, 3 symbol(s), cycled", pipeline.Out);
        Assert.Contains("3 symbols", pipeline.Out);
        Assert.DoesNotContain("channels", pipeline.Out, StringComparison.OrdinalIgnoreCase); // the baseline runs the synthetic market only
        var e2e = Qps.Run(_dir, "bench", "e2e", "--catalog", "gen", "--symbol", "TREND", "--events", "100000", "--journal", "off");
        Assert.True(e2e.ExitCode == 0, e2e.Err);
        Assert.Contains("1 symbol(s)", e2e.Out);
        File.WriteAllLines(Path.Combine(_dir, "years.csv"), ["timestamp,open,high,low,close", "1990-01-01T00:00:00Z,1,2,0.5,1.5", "2200-01-01T00:00:00Z,1,2,0.5,1.5"]);
        Assert.Equal(0, Qps.Run(_dir, "import", "years.csv", "--catalog", "long").ExitCode);
        var refused = Qps.Run(_dir, "bench", "pipeline", "--catalog", "long", "--events", "20000");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("before its cycled times pass the year 2262", refused.Err);
    }

    [Fact]
    public void AFailedImportIntoANewCatalog_LeavesNoFolder()
    {
        File.WriteAllLines(Path.Combine(_dir, "bad.csv"), ["timestamp,open,high,low,close", "2024-01-01T00:00:00Z,1,x,0.5,1.5"]);
        foreach (var source in new[] { "bad.csv", "missing.csv" })
        {
            var r = Qps.Run(_dir, "import", source, "--catalog", "newcat/inner");
            Assert.Equal(2, r.ExitCode);
            Assert.False(Directory.Exists(Path.Combine(_dir, "newcat")), $"{source}: a failed import left its catalog folder");
        }
    }

    [Theory]
    [InlineData("live|--catalog|cat|--data|x.csv", "--catalog is the data: drop --data")]
    [InlineData("live|--symbol|ABC", "--symbol, --from and --to select from a --catalog DIR")]
    [InlineData("live|--catalog|nowhere", "nowhere: not a catalog")]
    [InlineData("live|--catalog|cat|--from|yesterday", "--from 'yesterday': not an ISO 8601 time")]
    [InlineData("live|--catalog|cat|--from|2024-01-02|--to|2024-01-01", "--from must be before --to")]
    [InlineData("live|--catalog|cat|--speed|2x", "--catalog runs at --speed max")]
    [InlineData("import|missing.csv|--catalog|cat", "missing.csv")]
    public void BadInput_IsOneLine_Exit2(string args, string message)
    {
        File.WriteAllLines(Path.Combine(_dir, "bars.csv"), ["timestamp,open,high,low,close", "2024-01-01T00:00:00Z,1,2,0.5,1.5", "2024-01-01T00:01:00Z,1,2,0.5,1.5"]);
        Assert.Equal(0, Qps.Run(_dir, "import", "bars.csv", "--catalog", "cat").ExitCode);
        var r = Qps.Run(_dir, args.Split('|'));
        Assert.True(r.ExitCode == 2, $"{args}: exit {r.ExitCode} {r.Err}");
        Assert.Contains(message, r.Err);
    }
}
