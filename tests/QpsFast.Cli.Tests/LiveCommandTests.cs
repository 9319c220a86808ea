namespace QpsFast.Cli.Tests;

public sealed class LiveCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheFeedInlineOrOnAThread_GivesTheSameRecordStream_AndABadValueIsRefused()
    {
        var inline = Qps.Run(_dir, "live", "--session", "fi", "--days", "2", "--flush-ms", "0");
        var threaded = Qps.Run(_dir, "live", "--session", "ft", "--days", "2", "--flush-ms", "0", "--feed", "thread");
        Assert.True(inline.ExitCode == 0 && threaded.ExitCode == 0, inline.Err + threaded.Err);
        Assert.Equal(Qps.Digest(inline), Qps.Digest(threaded));
        var replay = Qps.Run(_dir, "replay", "--session", "fi", "--topology", "staged");
        Assert.True(replay.ExitCode == 0, replay.Err + replay.Out);
        var bad = Qps.Run(_dir, "live", "--days", "1", "--feed", "socket");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("socket", bad.Err);
    }

    [Fact]
    public void Live_GivesTheSameDigest_InChildProcessesWithTieringAndPgoOnAndOff()
    {
        var reference = Qps.Run(_dir, "live", "--days", "2", "--no-journal");
        Assert.Equal(0, reference.ExitCode);
        string digest = Qps.Digest(reference);
        Assert.Matches("^[0-9a-f]{16}$", digest);
        // qps ships with tiered compilation off; the stream must not change with it on, with PGO on or off.
        var variants = new[]
        {
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "1" },
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "1", ["DOTNET_TieredPGO"] = "0" },
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" },
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "1", ["DOTNET_TC_QuickJitForLoops"] = "0" },
        };
        foreach (var env in variants)
        {
            var r = Qps.Run(_dir, env, "live", "--days", "2", "--no-journal", "--topology", "staged", "--wait", "block");
            Assert.Equal(0, r.ExitCode);
            string name = string.Join(',', env.Select(kv => $"{kv.Key}={kv.Value}"));
            Assert.Equal((name, digest), (name, Qps.Digest(r)));
        }
    }

    [Fact]
    public void JournalFiles_AreByteIdentical_WithAvx2AndAllHardwareIntrinsicsOff()
    {
        // The record-aware LZ4 encoder compares with SIMD byte masks, the checksums are our own XXH32/XxHash64: the
        // journal's bytes must not depend on the instruction set.
        var runs = new (string Logs, Dictionary<string, string>? Env)[]
        {
            ("l-default", null),
            ("l-noavx2", new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" }),
            ("l-nosimd", new Dictionary<string, string> { ["DOTNET_EnableHWIntrinsic"] = "0" }),
        };
        byte[]? reference = null;
        foreach (var (logs, env) in runs)
        {
            var r = Qps.Run(_dir, env, "live", "--days", "1", "--session", "s", "--logs", logs, "--flush-ms", "0");
            Assert.True(r.ExitCode == 0, r.Err);
            var segment = Directory.GetFiles(Path.Combine(_dir, logs, "s", "journal"), "*.lz4").Single();
            var bytes = File.ReadAllBytes(segment);
            reference ??= bytes;
            Assert.True(reference.AsSpan().SequenceEqual(bytes), $"{logs}: the journal differs");
        }
    }

    [Fact]
    public void GenerateThenLiveOnTheFile_GivesTheSameDigestAsLiveOnTheFly()
    {
        var gen = Qps.Run(_dir, "generate", "--days", "1", "--out", "gen");
        Assert.Equal(0, gen.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "gen", "market.qpsr")));
        var fromFile = Qps.Run(_dir, "live", "--data", "gen/market.qpsr");
        var onTheFly = Qps.Run(_dir, "live", "--days", "1", "--output-wait", "sleep"); // the journal stage sleeping when idle: same stream
        Assert.True(onTheFly.ExitCode == 0, onTheFly.Err);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(Qps.Digest(onTheFly), Qps.Digest(fromFile));
        Assert.Contains("pairs", fromFile.Out);
        Assert.Contains("portfolio", fromFile.Out);
    }

    [Fact]
    public void BadArgument_ExitsTwo_WithAMessage()
    {
        var r = Qps.Run(_dir, "live", "--topology", "sideways");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("sideways", r.Err);
        var r2 = Qps.Run(_dir, "generate", "--days", "0");
        Assert.Equal(2, r2.ExitCode);
        Assert.Contains("days must be between 1 and 3650", r2.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")));
    }

    [Fact]
    public void BadConfig_ExitsTwo_NamingTheJsonPath()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{ "broker": { "latencyNs": -5 } }""");
        var r = Qps.Run(_dir, "live", "--config", "bad.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("$.broker.latencyNs", r.Err);
        Assert.Contains("value -5 is out of range", r.Err);
        var v = Qps.Run(_dir, "config", "validate", Path.Combine(Qps.RepoRoot, "data", "default-config.json"));
        Assert.Equal(0, v.ExitCode);
        Assert.Contains("valid", v.Out);
    }

    [Fact]
    public void BadCsvRow_ExitsTwo_NamingFileLineColumnAndValue_AndPublishesNothing()
    {
        File.WriteAllText(Path.Combine(_dir, "bars.csv"), "timestamp,open,high,low,close\n2020-01-01 00:00:00,1,2,0.5,1.5\n2020-01-01 00:01:00,1,2,0.5,abc\n");
        var r = Qps.Run(_dir, "live", "--data", "bars.csv");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bars.csv:3: column 'close', value 'abc'", r.Err);
        Assert.Contains("nothing was published", r.Err);
        Assert.DoesNotContain("digest", r.Out);
    }

    [SkippableFact]
    public void Live_RunsOnRealFxAndLeanData_AndPrintsPnl()
    {
        var fx = SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv");
        var spy = Path.Combine(SharedData.Root!, "lean/equity/usa/minute/spy");
        foreach (var args in new[] { new[] { "live", "--data", fx }, new[] { "live", "--data", spy } })
        {
            var r = Qps.Run(_dir, args);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("portfolio", r.Out);
            Assert.Matches(@"breakout\s+\d+", r.Out);
            Assert.Matches("^[0-9a-f]{16}$", Qps.Digest(r));
        }
    }
}
