using System.Text.Json;

namespace QpsFast.Cli.Tests;

/// <summary>
/// <c>qps sweep --strategy</c> with <c>--vary strategy.BOOK.KEY</c>: a user strategy's own parameters swept, each trial
/// the run <c>qps live</c> makes with those parameters, locally and on a silo working in another folder.
/// </summary>
public sealed class SweepStrategyTests : IDisposable
{
    private static readonly string[] Grid =
    [
        "--strategy", "QpsFast.Samples.dll", "--strategy-config", "sma.json",
        "--vary", "strategy.sma-crossover.fast=5,10", "--vary", "strategy.sma-crossover.slow=30,60",
        "--days", "2", "--metric", "sma-crossover.total_return",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("qps-sweep-strategy-").FullName;

    public SweepStrategyTests()
    {
        var built = Path.Combine(Qps.RepoRoot, "samples", "QpsFast.Samples", "bin", "Release", "net10.0", "QpsFast.Samples.dll");
        Assert.True(File.Exists(built), $"{built} not built");
        File.Copy(built, Path.Combine(_dir, "QpsFast.Samples.dll"));
        File.WriteAllText(Path.Combine(_dir, "sma.json"), """{ "fast": 10, "slow": 30, "percent": 50 }""");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AStrategysParameters_AreSwept_EachTrialIsTheLiveRunWithThem_AndAReRunPasses()
    {
        var one = Qps.Run(_dir, ["sweep", .. Grid, "--jobs", "1", "--out", "j1"]);
        Assert.True(one.ExitCode == 0, one.Err);
        var two = Qps.Run(_dir, ["sweep", .. Grid, "--jobs", "2", "--out", "j2"]);
        Assert.True(two.ExitCode == 0, two.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "j1", "sweep.json")), File.ReadAllText(Path.Combine(_dir, "j2", "sweep.json")));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "j1", "sweep.json")));
        var trials = doc.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.Equal(4, trials.Select(t => t.GetProperty("digest").GetString()).Distinct().Count());
        Assert.All(trials, t => Assert.Equal(JsonValueKind.Null, t.GetProperty("error").ValueKind));

        // Trial 3 (fast 10, slow 60) is the standalone run with those parameters, digest for digest.
        var t3 = trials.Single(t => t.GetProperty("trial").GetInt32() == 3);
        Assert.Equal("10", t3.GetProperty("params").GetProperty("strategy.sma-crossover.fast").GetString());
        Assert.Equal("60", t3.GetProperty("params").GetProperty("strategy.sma-crossover.slow").GetString());
        File.WriteAllText(Path.Combine(_dir, "t3.json"), """{ "fast": 10, "slow": 60, "percent": 50 }""");
        var live = Qps.Run(_dir, "live", "--session", "t3", "--days", "2", "--strategy", "QpsFast.Samples.dll", "--strategy-config", "t3.json");
        Assert.True(live.ExitCode == 0, live.Err);
        Assert.Equal(t3.GetProperty("digest").GetString(), Qps.Digest(live));
        var rerun = Qps.Run(_dir, "sweep", "--rerun", "j1", "--trial", "3");
        Assert.True(rerun.ExitCode == 0, rerun.Err + rerun.Out);
        Assert.Contains("verdict  PASS", rerun.Out);
    }

    [Theory]
    [InlineData("--vary|strategy.nope.fast=5", "--vary strategy.nope.fast: no --strategy has the book 'nope' (their books: sma-crossover)")]
    [InlineData("--vary|strategy.sma-crossover=5", "--vary strategy.sma-crossover: a strategy's parameter is strategy.BOOK.KEY")]
    [InlineData("--vary|strategy.sma-crossover.fast=20|--vary|strategy.sma-crossover.slow=15,30", "--vary strategy.sma-crossover.fast=20, strategy.sma-crossover.slow=15: strategy 'sma-crossover': parameters fast (20) and slow (15) must satisfy 1 <= fast < slow")]
    [InlineData("--vary|strategy.sma-crossover.fast=x", "--vary strategy.sma-crossover.fast=x: strategy 'sma-crossover': parameter 'fast' must be an integer (got \"x\")")]
    public void ABadStrategyParameter_IsOneLine_Exit2_AndWritesNothing(string vary, string message)
    {
        var r = Qps.Run(_dir, ["sweep", "--strategy", "QpsFast.Samples.dll", .. vary.Split('|'), "--days", "1", "--out", "o"]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }

    [Fact]
    public void WithoutAStrategy_AStrategyPath_IsRefused()
    {
        var r = Qps.Run(_dir, "sweep", "--vary", "strategy.sma-crossover.fast=5", "--days", "1", "--out", "o");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no --strategy is given", r.Err);
    }
}
