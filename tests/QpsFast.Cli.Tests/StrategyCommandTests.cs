namespace QpsFast.Cli.Tests;

/// <summary>User strategies from the command line: a strategy assembly built like a user's (samples/QpsFast.Samples), loaded by <c>qps live --strategy</c>, rebuilt by replay from the journal's manifest.</summary>
public sealed class StrategyCommandTests : IDisposable
{
    private const string AllIn = """
        {
          "alphas": { "builtIn": false },
          "risk": { "maxOrderNotional": 0, "maxPositionNotional": 0, "maxSymbolNotional": 0, "maxGrossExposure": 0, "maxNetExposure": 0 },
          "broker": { "mode": "NextBarOpen", "slippageBps": 0, "feeBps": 0, "minFee": 0 }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("qps-strategy-").FullName;

    public StrategyCommandTests()
    {
        // The strategy assembly lives outside qps's folder, as a user's would.
        var built = Path.Combine(Qps.RepoRoot, "samples", "QpsFast.Samples", "bin", "Release", "net10.0", "QpsFast.Samples.dll");
        Assert.True(File.Exists(built), $"{built} not built");
        Directory.CreateDirectory(Path.Combine(_dir, "strategies"));
        File.Copy(built, StrategyDll);
        File.WriteAllText(Path.Combine(_dir, "all-in.json"), AllIn);
        File.WriteAllText(Path.Combine(_dir, "sma.json"), """{ "fast": 10, "slow": 30, "percent": 100 }""");
        File.WriteAllText(Path.Combine(_dir, "sma-31.json"), """{ "fast": 10, "slow": 31, "percent": 100 }""");
    }

    private string StrategyDll => Path.Combine(_dir, "strategies", "QpsFast.Samples.dll");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void LiveWithAUserStrategy_ReplaysToPass_FailsAtTheFirstSignalWithAChangedParameter_AndNamesAMissingAssembly()
    {
        string data = SharedData.PathOf("daily/orcl-1995-2014.txt");
        var live = Qps.Run(_dir, "live", "--session", "u1", "--config", "all-in.json", "--data", data, "--strategy", StrategyDll, "--strategy-config", "sma.json");
        Assert.True(live.ExitCode == 0, live.Err);
        var row = live.Out.Split('\n').Single(l => l.TrimStart().StartsWith("sma-crossover", StringComparison.Ordinal));
        Assert.Matches(@"sma-crossover\s+196\s+195\s+195\s+0\s+97\s", row); // signals, orders, fills, rejects, round trips

        var replay = Qps.Run(_dir, "replay", "--session", "u1");
        Assert.True(replay.ExitCode == 0, replay.Out + replay.Err);
        Assert.Contains("verdict  PASS", replay.Out);
        Assert.Contains("sma-crossover", replay.Out);

        // The report covers the user book, and the portfolio is all six books over all six books' capital.
        var report = Qps.Run(_dir, "report", "--session", "u1");
        Assert.True(report.ExitCode == 0, report.Out + report.Err);
        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "u1", "results_detailed.json"))))
        {
            var root = doc.RootElement;
            var user = root.GetProperty("alphas").GetProperty("sma-crossover");
            Assert.Equal(97, user.GetProperty("round_trips").GetInt32());
            double userEquity = user.GetProperty("final_equity").GetDouble();
            Assert.True(userEquity > 400_000, $"{userEquity}");
            var portfolio = root.GetProperty("portfolio");
            double initial = portfolio.GetProperty("initial_capital").GetDouble();
            double final = portfolio.GetProperty("final_equity").GetDouble();
            Assert.Equal(600_000, initial);
            Assert.Equal(5 * 100_000 + userEquity, final, 6);
            Assert.Equal((final - initial) / initial, portfolio.GetProperty("total_return").GetDouble(), 9);
        }
        Assert.Contains("sma-crossover", File.ReadAllText(Path.Combine(_dir, "logs", "u1", "report.html")));

        // What if slow were 31: the first record that differs is a signal.
        var whatIf = Qps.Run(_dir, "replay", "--session", "u1", "--strategy-config", "sma-crossover=sma-31.json");
        Assert.Equal(1, whatIf.ExitCode);
        Assert.Matches(@"FIRST DIVERGENCE at sequence \d+ \(Signal\)", whatIf.Out);

        // A --strategy the session does not use would be ignored: it is refused instead.
        var unused = Qps.Run(_dir, "replay", "--session", "u1", "--strategy", "Other.dll");
        Assert.Equal(2, unused.ExitCode);
        Assert.Contains("records no strategy from assembly Other", unused.Err);

        // The assembly gone: exit 2, one line naming the strategy and the file; no stack trace.
        File.Move(StrategyDll, StrategyDll + ".moved");
        var missing = Qps.Run(_dir, "replay", "--session", "u1");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("strategy 'sma-crossover' (QpsFast.Samples.SmaCrossover", missing.Err);
        Assert.Contains("not found", missing.Err);
        Assert.DoesNotContain("   at ", missing.Err);

        // Somewhere else, but not the code that ran: exit 2 too.
        File.Copy(StrategyDll + ".moved", Path.Combine(_dir, "QpsFast.Samples.dll"));
        File.AppendAllText(Path.Combine(_dir, "QpsFast.Samples.dll"), "x");
        var changed = Qps.Run(_dir, "replay", "--session", "u1", "--strategy", "QpsFast.Samples.dll");
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("is not the code that ran", changed.Err);
    }

    [Fact]
    public void Demo_And_BenchPipeline_TakeUserStrategies()
    {
        var demo = Qps.Run(_dir, "demo", "--session", "d1", "--strategy", StrategyDll, "--strategy-config", "sma.json");
        Assert.True(demo.ExitCode == 0, demo.Out + demo.Err);
        Assert.Contains("sma-crossover", demo.Out);
        Assert.Contains("PASS", demo.Out);
        var bench = Qps.Run(_dir, "bench", "pipeline", "--events", "200000", "--repeats", "1", "--no-baseline", "--strategy", StrategyDll, "--json", "b.json");
        Assert.True(bench.ExitCode == 0, bench.Out + bench.Err);
        Assert.Contains("strategies sma-crossover", bench.Out);
        Assert.Contains("\"sma-crossover\"", File.ReadAllText(Path.Combine(_dir, "b.json")));
    }

    [Fact]
    public void BadStrategyArguments_AreOneLine_AndExit2_WithNoJournalLeftBehind()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{ "fast": 30, "slow": 10 }""");
        File.WriteAllText(Path.Combine(_dir, "dup.json"), """{ "fast": 5, "fast": 6 }""");
        var cases = new (string[] Args, string Expected)[]
        {
            (["--strategy", "nope.dll"], "not found"),
            (["--strategy", StrategyDll + ":NoSuchType"], "no strategy type NoSuchType"),
            (["--strategy", StrategyDll, "--strategy-config", "bad.json"], "must satisfy 1 <= fast < slow"),
            (["--strategy", StrategyDll, "--strategy-config", "dup.json"], "not valid JSON"),
            (["--strategy", Path.Combine(_dir, "sma.json")], "is not a .NET assembly"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = Qps.Run(_dir, ["live", "--session", "bad", "--days", "1", .. args]);
            Assert.Equal((string.Join(' ', args), 2), (string.Join(' ', args), r.ExitCode));
            Assert.Contains(expected, r.Err);
            Assert.DoesNotContain("   at ", r.Err);
            Assert.False(Directory.Exists(Path.Combine(_dir, "logs", "bad", "journal")), string.Join(' ', args));
        }
    }
}
