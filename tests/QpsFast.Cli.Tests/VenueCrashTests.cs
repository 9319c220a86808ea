using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QpsFast.Cli.Tests;

/// <summary>
/// Crash recovery as a user meets it: <c>qps live --venue</c> killed with SIGKILL at points spread over the session,
/// then <c>qps live --resume</c> to the end of the venue's data; every whole session replays to PASS, and the engine's
/// positions at the end are the venue's record of them. A fixed set of points in CI; QPS_CRASH_RUNS=N for more.
/// </summary>
public sealed class VenueCrashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void KilledMidSession_Resumes_ToTheEnd_ReplaysToPass_AndPositionsAreTheVenues()
    {
        int runs = int.TryParse(Environment.GetEnvironmentVariable("QPS_CRASH_RUNS"), out int n) && n > 0 ? n : 10;
        var random = new Random(20261201);
        var log = new List<string>();
        for (int run = 0, attempt = 0; run < runs; attempt++)
        {
            Assert.True(attempt < 3 * runs, $"only {run} of {attempt} kills came before the session's end:\n{string.Join('\n', log)}");
            string work = Path.Combine(_dir, $"attempt{attempt}");
            Directory.CreateDirectory(work);
            var venue = Qps.Start(work, "venue", "--days", "1", "--speed", "30000x", "--port-file", "port", "--connect-timeout", "60", "--linger", "30");
            int port = Qps.WaitForPort(Path.Combine(work, "port"), venue);
            var live = Qps.Start(work, "live", "--venue", $"127.0.0.1:{port}", "--session", "s");
            string? first = live.StandardOutput.ReadLine(); // connected and running
            if (first?.StartsWith("qps live: session s", StringComparison.Ordinal) != true)
                Assert.Fail(first + live.StandardError.ReadToEnd());
            // A crash before the journal holds anything loses nothing (nothing was sent) and is a new session; the points
            // are spread over the journaled part of the session.
            string journal = Path.Combine(work, "logs", "s", "journal");
            var wait = Stopwatch.StartNew();
            while (!(Directory.Exists(journal) && Directory.EnumerateFiles(journal, "*.lz4").Any()) && wait.Elapsed.TotalSeconds < 30)
                Thread.Sleep(5);
            int delay = random.Next(0, 2_500); // the data lasts about 2.9 s
            Thread.Sleep(delay);
            bool killed = !live.HasExited;
            if (killed)
                live.Kill(); // SIGKILL
            live.WaitForExit();
            var resumed = killed ? Qps.Run(work, "live", "--resume", "s", "--venue", $"127.0.0.1:{port}") : null;
            var served = Qps.Finish(venue);
            log.Add($"attempt {attempt}: kill at {delay} ms{(killed ? "" : " (already done)")}: resume exit {resumed?.ExitCode}, {Line(resumed?.Out, "resumed")}{resumed?.Err.Trim()}");
            // A kill that lands after the session's logout was journaled (the process still closing) is not a crash
            // mid-session: resume refuses it, rightly; it is not counted.
            if (!killed || (resumed!.Out + resumed.Err).Contains("the session already ended", StringComparison.Ordinal))
            {
                Assert.True(served.ExitCode == 0, $"attempt {attempt}: venue {served.Out}{served.Err}");
                continue;
            }
            Assert.True(resumed.ExitCode == 0, $"run {run}, kill at {delay} ms: {resumed.Out}{resumed.Err}");
            Assert.True(served.ExitCode == 0, $"run {run}: venue {served.Out}{served.Err}");
            var replay = Qps.Run(work, "replay", "--session", "s");
            Assert.True(replay.ExitCode == 0 && replay.Out.Contains("verdict  PASS"), $"run {run}, kill at {delay} ms: {replay.Out}{replay.Err}");
            Assert.Equal(VenuePositions(served.Out), EnginePositions(work));
            run++;
        }
        Console.WriteLine(string.Join('\n', log));
    }

    private static string Line(string? text, string start) =>
        text?.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal))?.Trim() ?? "";

    /// <summary>The venue's "positions A 1, B -2" line, by symbol.</summary>
    private static Dictionary<string, decimal> VenuePositions(string venueOut)
    {
        var line = Regex.Match(venueOut, "positions (.*)").Groups[1].Value.Trim();
        return line.Split(", ").Select(p => p.Split(' ')).ToDictionary(p => p[0], p => decimal.Parse(p[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The sum of the journal's fills per symbol.</summary>
    private static Dictionary<string, decimal> EnginePositions(string work)
    {
        var dump = Qps.Run(work, "dump", "--session", "s", "--kind", "Fill", "--format", "json");
        Assert.Equal(0, dump.ExitCode);
        var names = new[] { "PAIR-A", "PAIR-B", "TREND", "RANGE" };
        var sums = names.ToDictionary(n => n, _ => 0m);
        foreach (var line in dump.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            int symbol = doc.RootElement.GetProperty("symbol").GetInt32();
            sums[names[symbol]] += decimal.Parse(doc.RootElement.GetProperty("quantity").GetString()!, CultureInfo.InvariantCulture);
        }
        return sums;
    }
}

/// <summary>The venue killed (SIGKILL) and restarted on the same port mid-session.</summary>
public sealed class VenueRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-venue-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task VenueKilledAndRestarted_TheEngineReconnects_Reconciles_AndStopsWithAClearLine_OrGoesOn_AndTheJournalReplaysToPass()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        string[] venueArgs = ["venue", "--days", "1", "--speed", "20000x", "--port", port.ToString(CultureInfo.InvariantCulture), "--connect-timeout", "60", "--linger", "30"];
        var first = Qps.Start(_dir, venueArgs);
        Thread.Sleep(1500);
        var live = Qps.Start(_dir, "live", "--venue", $"127.0.0.1:{port}", "--session", "r");
        var stdout = live.StandardOutput.ReadToEndAsync();
        var stderr = live.StandardError.ReadToEndAsync();
        string journal = Path.Combine(_dir, "logs", "r", "journal");
        var wait = Stopwatch.StartNew();
        while (!(Directory.Exists(journal) && Directory.EnumerateFiles(journal, "*.lz4").Any()) && wait.Elapsed.TotalSeconds < 30)
            Thread.Sleep(5);
        Thread.Sleep(1200);
        first.Kill(); // SIGKILL: the venue's orders and positions are gone with it
        first.WaitForExit();
        var second = Qps.Start(_dir, venueArgs);
        Assert.True(live.WaitForExit(TimeSpan.FromMinutes(2)), "the engine stops by itself");
        var served = Qps.Finish(second);
        string output = await stdout, errors = await stderr;
        Assert.Contains("reconnect", output);
        if (live.ExitCode != 0)
        {
            // The new venue holds no positions: the engine says so in one line and stops.
            Assert.Equal(1, live.ExitCode);
            Assert.Contains("reconciliation with the venue found", errors);
            Assert.Single(errors.Trim().Split('\n'));
            var mismatches = Qps.Run(_dir, "dump", "--session", "r", "--kind", "RiskEvent");
            Assert.Contains("ReconcileMismatch", mismatches.Out);
        }
        Assert.True(served.ExitCode == 0, served.Out + served.Err);
        var replay = Qps.Run(_dir, "replay", "--session", "r");
        Assert.True(replay.ExitCode == 0 && replay.Out.Contains("verdict  PASS"), replay.Out + replay.Err);
    }
}
