using System.Text.Json;

namespace QpsFast.Cli.Tests;

/// <summary>Each <c>qps bench</c> verb end to end at tiny sizes: exit code, printed figures, JSON output, error paths.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, name))).RootElement;

    [Fact]
    public void Ring_WritesRingAndChannelFigures()
    {
        var r = Qps.Run(_dir, "bench", "ring", "--events", "100000", "--wait", "yield", "--json", "ring.json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = Json("ring.json");
        Assert.Equal("1p1c", j.GetProperty("topology").GetString());
        Assert.Contains("channels", r.Out);
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Ring_NoBaseline_OneByOne_WritesTheRingAlone()
    {
        var r = Qps.Run(_dir, "bench", "ring", "--events", "100000", "--wait", "yield", "--batch", "1", "--no-baseline", "--json", "solo.json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("channels", r.Out);
        var j = Json("solo.json");
        Assert.Equal(1, j.GetProperty("batch").GetInt32());
        Assert.True(j.GetProperty("ring_eps").GetDouble() > 0);
        Assert.False(j.TryGetProperty("baseline_eps", out _));
    }

    [Fact]
    public void RingLatency_WritesPercentiles()
    {
        var r = Qps.Run(_dir, "bench", "ring-latency", "--events", "20000", "--json", "lat.json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("p99", r.Out);
        Assert.Contains("producer spins between sends", r.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "lat.json")));
        // Disruptor-net's pacing: the producer yields between sends.
        var yielding = Qps.Run(_dir, "bench", "ring-latency", "--events", "20000", "--interval-ns", "5000", "--pace", "yield", "--json", "lat-yield.json");
        Assert.True(yielding.ExitCode == 0, yielding.Err);
        Assert.Contains("producer yields between sends", yielding.Out);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "lat-yield.json")));
        Assert.Equal("yield", doc.RootElement.GetProperty("pace").GetString());
        Assert.Equal(20_000, doc.RootElement.GetProperty("count").GetInt64());
        var bad = Qps.Run(_dir, "bench", "ring-latency", "--pace", "sleep");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("sleep", bad.Err);
        Assert.DoesNotContain("   at ", bad.Err);
    }

    [Fact]
    public void TickToTrade_AgainstAChildVenue_WritesPercentilesBesideTheFloor()
    {
        var r = Qps.Run(_dir, "bench", "tick-to-trade", "--rates", "2000,5000", "--seconds", "0.5", "--pings", "500", "--json", "t2t.json");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("raw TCP ping-pong", r.Out);
        Assert.Contains("5,000/s tick-to-trade", r.Out);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "t2t.json")));
        var rates = doc.RootElement.GetProperty("rates");
        Assert.Equal(2, rates.GetArrayLength());
        Assert.All(rates.EnumerateArray(), e => Assert.True(e.GetProperty("answered").GetInt64() > 0 && e.GetProperty("p50_ns").GetInt64() > 0));
        Assert.True(doc.RootElement.GetProperty("ping_pong_round_trip_ns").GetProperty("p50_ns").GetInt64() > 0);
        var bad = Qps.Run(_dir, "bench", "tick-to-trade", "--rates", "fast");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--rates must be", bad.Err);
    }

    [Fact]
    public void Pipeline_TakesAConfig_AndRecordsItsHash()
    {
        var plain = Qps.Run(_dir, "bench", "pipeline", "--events", "20000", "--repeats", "1", "--json", "p1.json");
        Assert.True(plain.ExitCode == 0, plain.Err);
        File.WriteAllText(Path.Combine(_dir, "c.json"), """{ "broker": { "latencyNs": 2000000 } }""");
        var configured = Qps.Run(_dir, "bench", "pipeline", "--events", "20000", "--repeats", "1", "--config", "c.json", "--json", "p2.json");
        Assert.True(configured.ExitCode == 0, configured.Err);
        Assert.Contains("events/s", configured.Out);
        Assert.NotEqual(Json("p1.json").GetProperty("config_hash").GetString(), Json("p2.json").GetProperty("config_hash").GetString());
    }

    [Fact]
    public void Pipeline_BadConfig_ExitsTwo_NamingTheJsonPath()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{ "risk": { "nope": 1 } }""");
        var r = Qps.Run(_dir, "bench", "pipeline", "--config", "bad.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("$.risk.nope", r.Err);
        foreach (var verb in new[] { "e2e", "journal" })
        {
            var e = Qps.Run(_dir, "bench", verb, "--config", "bad.json");
            Assert.Equal(2, e.ExitCode);
            Assert.Contains("$.risk.nope", e.Err);
        }
    }

    [Fact]
    public void Journal_WritesRatesAndCompression()
    {
        var r = Qps.Run(_dir, "bench", "journal", "--records", "20000", "--repeats", "1", "--json", "j.json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = Json("j.json");
        Assert.Equal("journal", j.GetProperty("bench").GetString());
        Assert.Matches("^[0-9a-f]{16}$", j.GetProperty("config_hash").GetString()!);
        Assert.Empty(Directory.GetDirectories(_dir)); // its temporary journals are cleaned up
    }

    [Fact]
    public void EndToEnd_ReportsGcAndLatency_TakesAnOutputWait_AndRejectsBadValues()
    {
        var r = Qps.Run(_dir, "bench", "e2e", "--events", "20000", "--output-wait", "sleep", "--pin", "--json", "e.json");
        Assert.True(r.ExitCode == 0, r.Err);
        var j = Json("e.json");
        Assert.Equal("yield", j.GetProperty("wait").GetString());
        Assert.Equal("sleep", j.GetProperty("output_wait").GetString());
        Assert.True(j.GetProperty("pinned").GetBoolean());
        Assert.Contains("feed inline", r.Out); // the default: the engine on the feed's thread, pinned to the engine's CPU
        Assert.Contains("output on CPU 0", r.Out);
        Assert.Equal("inline", j.GetProperty("feed").GetString());
        Assert.Equal(16_384, j.GetProperty("ring_size").GetInt32());
        Assert.True(j.GetProperty("events_per_second").GetDouble() > 0);
        var threaded = Qps.Run(_dir, "bench", "e2e", "--events", "20000", "--feed", "thread", "--ring-size", "4096", "--pin");
        Assert.True(threaded.ExitCode == 0, threaded.Err);
        Assert.Contains("feed and output on CPU 0", threaded.Out);
        Assert.Contains("ring 4,096", threaded.Out);
        var latencyRing = Qps.Run(_dir, "bench", "ring-latency", "--ring-size", "1000");
        Assert.True(latencyRing.ExitCode == 2 && latencyRing.Err.Contains("--ring-size must be a power of two", StringComparison.Ordinal), latencyRing.Err);
        foreach (var (option, value) in new[] { ("--ring-size", "1000"), ("--ring-size", "32"), ("--feed", "socket") })
        {
            var refused = Qps.Run(_dir, "bench", "e2e", option, value);
            Assert.True(refused.ExitCode == 2, $"{option} {value}: {refused.Err}");
            Assert.Contains(value == "socket" ? "socket" : option, refused.Err);
        }
        Assert.True(j.GetProperty("gc_count").TryGetProperty("gen0", out _));
        Assert.True(j.GetProperty("latency_ns").ValueKind == JsonValueKind.Object, "latency percentiles");
        Assert.Matches("^[0-9a-f]{16}$", j.GetProperty("config_hash").GetString()!);
        var bad = Qps.Run(_dir, "bench", "e2e", "--rate", "fast");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--rate", bad.Err);
        var badWait = Qps.Run(_dir, "bench", "e2e", "--output-wait", "nap");
        Assert.Equal(2, badWait.ExitCode);
        Assert.Contains("nap", badWait.Err);
        var small = Qps.Run(_dir, "bench", "pipeline", "--events", "5");
        Assert.Equal(2, small.ExitCode);
        Assert.Contains("at least 10,000", small.Err);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("generate")]
    [InlineData("live")]
    [InlineData("config", "validate")]
    [InlineData("replay")]
    [InlineData("journal", "info")]
    [InlineData("journal", "verify")]
    [InlineData("journal", "repair")]
    [InlineData("dump")]
    [InlineData("report")]
    [InlineData("bench", "ring")]
    [InlineData("bench", "ring-latency")]
    [InlineData("bench", "pipeline")]
    [InlineData("bench", "journal")]
    [InlineData("bench", "e2e")]
    [InlineData("bench", "tick-to-trade")]
    [InlineData("venue")]
    [InlineData("new", "strategy")]
    public void EveryVerb_HasHelpWithAnExample(params string[] verb)
    {
        var r = Qps.Run(_dir, [.. verb, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: qps " + string.Join(' ', verb), r.Out);
    }
}
