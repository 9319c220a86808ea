using System.Diagnostics;
using System.Text.Json;

namespace QpsFast.Cli.Tests;

public sealed class JournalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-cli-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Results(string dir, string session) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "logs", session, "results.json"))).RootElement;

    [Fact]
    public void Demo_GeneratesRunsJournalsAndVerifies_ExitingZeroOnPass()
    {
        var demo = Qps.Run(_dir, "demo", "--session", "d");
        Assert.True(demo.ExitCode == 0, demo.Out + demo.Err);
        Assert.Contains("verdict       PASS", demo.Out);
        foreach (var alpha in new[] { "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance", "portfolio" })
            Assert.Matches($@"{alpha}\s*│\s*[\d,]+", demo.Out); // a row of the summary table: alpha │ trades │ …
        Assert.Equal("PASS", Results(_dir, "d").GetProperty("verdict").GetString());
        Assert.True(File.Exists(Path.Combine(_dir, "logs", "d", "market.qpsr")));
        Assert.True(File.Exists(Path.Combine(_dir, "logs", "d", "results_detailed.json")));
        Assert.True(new FileInfo(Path.Combine(_dir, "logs", "d", "report.html")).Length > 50_000);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "logs", "d", "journal"), "*.lz4"));
        var log = File.ReadAllText(Path.Combine(_dir, "logs", "d", "qps.log"));
        Assert.Contains("[Information] demo session d:", log);
        Assert.Contains("replay PASS", log);
        using var live = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "d", "live.json")));
        Assert.True(live.RootElement.GetProperty("inputs_per_second").GetDouble() > 0);
    }

    [Fact]
    public void LiveThenReplay_Passes_AndWritesResultsJson()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "s", "--days", "1").ExitCode);
        var replay = Qps.Run(_dir, "replay", "--session", "s", "--topology", "staged");
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("verdict  PASS", replay.Out);
        var results = Results(_dir, "s");
        Assert.Equal("PASS", results.GetProperty("pnl_match").GetString());
        Assert.Equal("PASS", results.GetProperty("verdict").GetString());
        foreach (var alpha in new[] { "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance" })
            Assert.Equal("PASS", results.GetProperty("alphas").GetProperty(alpha).GetProperty("pnl_match").GetString());
        Assert.Equal(JsonValueKind.Null, results.GetProperty("first_divergence").ValueKind);
        Assert.Equal(results.GetProperty("digests").GetProperty("live").GetString(), results.GetProperty("digests").GetProperty("replay").GetString());

        var info = Qps.Run(_dir, "journal", "info", "--session", "s");
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("sealed", info.Out);
        var verify = Qps.Run(_dir, "journal", "verify", "--session", "s");
        Assert.Equal(0, verify.ExitCode);
        // The stream digest the reader checked against every header and seal is the live run's digest.
        Assert.Contains($"stream digest {results.GetProperty("digests").GetProperty("live").GetString()}", verify.Out);
        var dump = Qps.Run(_dir, "dump", "--session", "s", "--kind", "Fill", "--symbol", "1", "--format", "json", "--limit", "5");
        var lines = dump.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l =>
        {
            var e = JsonDocument.Parse(l).RootElement;
            Assert.Equal("Fill", e.GetProperty("kind").GetString());
            Assert.Equal(1, e.GetProperty("symbol").GetInt32());
        });
    }

    [Fact]
    public void TwoLiveRuns_WithDifferentTopologiesWaitsAndRings_WriteByteIdenticalJournalFiles()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "a", "--days", "1", "--flush-ms", "0").ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "b", "--days", "1", "--topology", "staged", "--wait", "block", "--ring-size", "64", "--flush-ms", "0").ExitCode);
        var a = Directory.GetFiles(Path.Combine(_dir, "logs", "a", "journal"), "*.lz4").Order(StringComparer.Ordinal).ToArray();
        var b = Directory.GetFiles(Path.Combine(_dir, "logs", "b", "journal"), "*.lz4").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(a.Select(Path.GetFileName), b.Select(Path.GetFileName));
        for (int i = 0; i < a.Length; i++)
        {
            // The manifests differ in the session id and topology name, so the headers (and the seek tables' absolute
            // offsets) differ in length; the compressed data frames between them must be identical.
            var x = File.ReadAllBytes(a[i]);
            var y = File.ReadAllBytes(b[i]);
            Assert.True(DataFrames(x).SequenceEqual(DataFrames(y)), $"{Path.GetFileName(a[i])}: data frames differ");
        }
    }

    private static ReadOnlySpan<byte> DataFrames(byte[] segment)
    {
        int headerEnd = 11 + 8 + (int)BitConverter.ToUInt32(segment, 15);
        int seekTable = segment.Length - (int)BitConverter.ToUInt32(segment, segment.Length - 12);
        return segment.AsSpan(headerEnd, seekTable - headerEnd);
    }

    [Fact]
    public void Report_WritesResultsDetailed_WithMetricsCorrelationsAndTheReplayVerdict()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "r", "--days", "2").ExitCode);
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", "r").ExitCode);
        var report = Qps.Run(_dir, "report", "--session", "r");
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("Sharpe", report.Out);
        var d = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "r", "results_detailed.json"))).RootElement;
        Assert.Equal("qpsfast.results_detailed/1", d.GetProperty("schema").GetString());
        foreach (var alpha in new[] { "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance" })
        {
            var a = d.GetProperty("alphas").GetProperty(alpha);
            Assert.Equal(2, a.GetProperty("days").GetInt32());
            Assert.True(a.GetProperty("round_trips").GetInt32() > 0);
            Assert.Equal(2, a.GetProperty("daily_returns").GetArrayLength());
        }
        Assert.Equal(5, d.GetProperty("correlations").GetProperty("matrix").GetArrayLength());
        Assert.Equal("PASS", d.GetProperty("replay").GetProperty("verdict").GetString());
        var html = File.ReadAllText(Path.Combine(_dir, "logs", "r", "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("Replay verification: PASS", html);
        Assert.Contains("configuration hash", html);        // the run section: config, digests, throughput
        Assert.Contains("live throughput", html);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(html, "<svg").Count >= 5, "five charts");
        Assert.DoesNotContain("<script", html);             // self-contained, nothing to execute
        Assert.DoesNotContain("http://cdn", html);
        foreach (var alpha in new[] { "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance" })
            Assert.Contains(alpha, html);
        Assert.Equal(2, Qps.Run(_dir, "report", "--session", "nope").ExitCode);
    }

    [Fact]
    public void CorruptedJournal_MakesReplayExitOne_WithTheLocation()
    {
        Assert.Equal(0, Qps.Run(_dir, "live", "--session", "c", "--days", "1").ExitCode);
        var segment = Directory.GetFiles(Path.Combine(_dir, "logs", "c", "journal"), "*.lz4").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(segment, bytes);
        var replay = Qps.Run(_dir, "replay", "--session", "c");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains(Path.GetFileName(segment), replay.Err);
        Assert.Matches("offset [0-9]+", replay.Err);
        Assert.Equal(1, Qps.Run(_dir, "journal", "verify", "--session", "c").ExitCode);
    }
}
