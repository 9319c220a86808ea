using System.Text.RegularExpressions;

namespace QpsFast.Cli.Tests;

/// <summary><c>qps venue</c> and <c>qps live --venue</c> as two processes on 127.0.0.1, with bounded run times.</summary>
public sealed class VenueCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-venue-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void VenueAndLive_AsTwoProcesses_Trade_AgreeOnReports_AndTheSessionReplaysToPass()
    {
        var venue = Qps.Start(_dir, "venue", "--days", "1", "--speed", "20000x", "--port-file", "port", "--connect-timeout", "60", "--linger", "20", "--reports-out", "reports.csv");
        int port = Qps.WaitForPort(Path.Combine(_dir, "port"), venue);
        var live = Qps.Run(_dir, "live", "--venue", $"127.0.0.1:{port}", "--session", "v", "--timer-ms", "100");
        var served = Qps.Finish(venue);
        Assert.True(live.ExitCode == 0, live.Out + live.Err);
        Assert.True(served.ExitCode == 0, served.Out + served.Err);
        Assert.Contains("client   logged out", served.Out);
        // Both sides count the same execution reports.
        long reports = long.Parse(Regex.Match(live.Out, @"([\d,]+) execution reports").Groups[1].Value.Replace(",", ""));
        long sent = long.Parse(Regex.Match(served.Out, @"([\d,]+) execution reports").Groups[1].Value.Replace(",", ""));
        Assert.True(reports > 100, live.Out);
        Assert.Equal(sent, reports);

        // Tick-to-trade of every order, for the summary and the dashboard (latency.json beside the journal).
        Assert.Matches(@"tick-to-trade  [\d,]+ orders: p50 [\d.,]+ µs, p99 [\d.,]+ µs", live.Out);
        using (var latency = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "logs", "v", "latency.json"))))
        {
            Assert.True(latency.RootElement.GetProperty("orders").GetInt64() > 10);
            Assert.InRange(latency.RootElement.GetProperty("p50").GetInt64(), 1, latency.RootElement.GetProperty("p99").GetInt64());
        }

        var replay = Qps.Run(_dir, "replay", "--session", "v");
        Assert.True(replay.ExitCode == 0, replay.Out + replay.Err);
        Assert.Contains("verdict  PASS", replay.Out);
        var dump = Qps.Run(_dir, "dump", "--session", "v", "--kind", "Execution", "--limit", "3");
        Assert.Contains("Accepted id=1", dump.Out);

        // Every fill in the engine's journal is a fill the venue reported: same order ids, quantities, prices, fees, in order.
        var venueFills = File.ReadLines(Path.Combine(_dir, "reports.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[3] is "Fill" or "PartialFill").Select(f => (long.Parse(f[0]), decimal.Parse(f[5]), decimal.Parse(f[6]), decimal.Parse(f[7]))).ToList();
        var fills = Qps.Run(_dir, "dump", "--session", "v", "--kind", "Fill", "--format", "json").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("order_id").GetInt64(), decimal.Parse(e.GetProperty("quantity").GetString()!), decimal.Parse(e.GetProperty("price").GetString()!), decimal.Parse(e.GetProperty("fee").GetString()!))).ToList();
        Assert.True(fills.Count > 100, $"{fills.Count} fills");
        Assert.Equal(venueFills, fills);

        // The wall-clock timer's ticks are journaled inputs (flags 2), and replayed with the rest.
        var beats = Qps.Run(_dir, "dump", "--session", "v", "--kind", "Heartbeat", "--format", "json").Out;
        Assert.Contains("\"flags\":2", beats.Replace(" ", ""));
    }

    [Theory]
    [InlineData("nonsense", 2, "is not HOST:PORT")]
    [InlineData("127.0.0.1:99999", 2, "is not HOST:PORT")]
    [InlineData("127.0.0.1:1", 1, "no venue answers at 127.0.0.1:1")]
    public void LiveVenue_BadAddresses_OneLine(string address, int exit, string message)
    {
        var r = Qps.Run(_dir, "live", "--venue", address, "--session", "bad");
        Assert.Equal(exit, r.ExitCode);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Resume_BadSessions_OneLine()
    {
        var missing = Qps.Run(_dir, "live", "--resume", "nosuch", "--venue", "127.0.0.1:9");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such session", missing.Err);
        var noVenue = Qps.Run(_dir, "live", "--resume", "nosuch");
        Assert.Equal(2, noVenue.ExitCode);
        Assert.Contains("--resume SESSION takes --venue", noVenue.Err);
        // A file-fed session that ended: nothing to resume.
        Assert.Equal(0, Qps.Run(_dir, "live", "--days", "1", "--session", "done").ExitCode);
        var ended = Qps.Run(_dir, "live", "--resume", "done", "--venue", "127.0.0.1:9");
        Assert.Equal(1, ended.ExitCode);
        Assert.Contains("already ended", ended.Err);
        Assert.Single(ended.Err.Trim().Split('\n'));
    }

    [Fact]
    public void LiveVenue_WithData_IsBadUsage()
    {
        var r = Qps.Run(_dir, "live", "--venue", "127.0.0.1:9", "--days", "2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--venue brings its own market data", r.Err);
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be 0..65535")]
    [InlineData("--fee-bps", "-1", "--fee-bps must be 0..10000")]
    [InlineData("--speed", "fast", "--speed must be max")]
    [InlineData("--reports-out", ".", "--reports-out . is a folder, not a file")]
    [InlineData("--port-file", "/proc/nope/port", "--port-file /proc/nope cannot be made")]
    public void Venue_BadOptions_AreUsageErrors(string option, string value, string message)
    {
        var r = Qps.Run(_dir, "venue", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void Venue_WithNoClient_StopsByItself_WithOneLine()
    {
        var r = Qps.Run(_dir, "venue", "--days", "1", "--connect-timeout", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no client logged on within 1 s", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
