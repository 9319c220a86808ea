using System.Text.Json;

namespace QpsFast.Cli.Tests;

/// <summary><c>qps sweep</c> end to end: the same trials whatever the workers or shards, a trial re-run with a journal, and bad input.</summary>
public sealed class SweepCommandTests : IDisposable
{
    private static readonly string[] Grid = ["--vary", "alphas.pairs.entryZ=1.5:2.7:0.2", "--vary", "alphas.pairs.window=30:270:30", "--days", "2", "--metric", "pairs.sharpe"];

    private readonly string _dir = Directory.CreateTempSubdirectory("qps-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Sweep(string name, params string[] extra)
    {
        var r = Qps.Run(_dir, ["sweep", .. Grid, "--out", name, .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        return File.ReadAllText(Path.Combine(_dir, name, "sweep.json"));
    }

    [Fact]
    public void AGridOf63Trials_IsIdenticalOnOneWorker_TwoWorkers_AndTwoMergedShards_AndATrialReRunsToItsDigest()
    {
        string one = Sweep("j1", "--jobs", "1");
        string two = Sweep("j2", "--jobs", "2");
        Sweep("s0", "--shard", "0/2");
        Sweep("s1", "--shard", "1/2");
        var merge = Qps.Run(_dir, "sweep", "merge", "s1", "s0", "--out", "m");
        Assert.True(merge.ExitCode == 0, merge.Err);
        Assert.Equal(one, two);
        Assert.Equal(one, File.ReadAllText(Path.Combine(_dir, "m", "sweep.json")));
        foreach (var file in new[] { "sweep.csv", "sweep.html" })
            Assert.Equal(File.ReadAllText(Path.Combine(_dir, "j1", file)), File.ReadAllText(Path.Combine(_dir, "m", file)));

        using var doc = JsonDocument.Parse(one);
        var trials = doc.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(7 * 9, trials.Length);
        Assert.True(trials.Select(t => t.GetProperty("digest").GetString()).Distinct().Count() > 50, "the parameters change the record streams");
        Assert.All(trials, t => Assert.Equal(JsonValueKind.Null, t.GetProperty("error").ValueKind));
        var csv = File.ReadAllLines(Path.Combine(_dir, "j1", "sweep.csv"));
        Assert.Equal(64, csv.Length);
        Assert.StartsWith("trial,alphas.pairs.entryZ,alphas.pairs.window,digest,records,error,pairs.pnl,", csv[0]);
        Assert.Contains("id=\"reliability\"", File.ReadAllText(Path.Combine(_dir, "j1", "sweep.html"))); // 2 days: the Sharpe is flagged
        Assert.Contains("id=\"heatmap\"", File.ReadAllText(Path.Combine(_dir, "j1", "sweep.html")));

        // The best trial, re-run as a journaled session, has the sweep's digest; replay then passes on its journal.
        int best = doc.RootElement.GetProperty("best")[0].GetInt32();
        var rerun = Qps.Run(_dir, "sweep", "--rerun", "j1", "--trial", best.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(rerun.ExitCode == 0, rerun.Err + rerun.Out);
        Assert.Contains("PASS", rerun.Out);
        string session = rerun.Out.Split('\n')[0].Split(' ')[^1].Trim();
        Assert.Equal(0, Qps.Run(_dir, "replay", "--session", session).ExitCode);
        var again = Qps.Run(_dir, "sweep", "--rerun", "j1", "--trial", best.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already has a journal", again.Err);
    }

    [Fact]
    public void JournaledTrials_HaveTheSameResults_AndReplayToPass()
    {
        string[] small = ["--vary", "alphas.pairs.entryZ=1.5,2.5", "--days", "1"];
        Assert.Equal(0, Qps.Run(_dir, ["sweep", .. small, "--out", "plain"]).ExitCode);
        var journaled = Qps.Run(_dir, ["sweep", .. small, "--out", "journaled", "--journal-logs", "trials"]);
        Assert.True(journaled.ExitCode == 0, journaled.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "plain", "sweep.json")), File.ReadAllText(Path.Combine(_dir, "journaled", "sweep.json")));
        var sessions = Directory.GetDirectories(Path.Combine(_dir, "trials")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, sessions.Length);
        foreach (var session in sessions)
        {
            var replay = Qps.Run(_dir, "replay", "--session", session!, "--logs", "trials");
            Assert.True(replay.ExitCode == 0, replay.Err + replay.Out);
        }
        var again = Qps.Run(_dir, ["sweep", .. small, "--out", "again", "--journal-logs", "trials"]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a journal of this sweep", again.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "again")));
    }

    [Fact]
    public void AnOutputThatCannotBeMade_IsRefusedBeforeTheTrialsRun()
    {
        File.WriteAllText(Path.Combine(_dir, "afile"), "x");
        foreach (var extra in new[] { Array.Empty<string>(), ["--walk-forward", "train=1d,test=1d"] })
        {
            var r = Qps.Run(_dir, ["sweep", "--vary", "alphas.pairs.window=60,120", "--days", "3", "--out", "afile/o", .. extra]);
            Assert.True(r.ExitCode == 2, r.Err);
            Assert.Contains("--out afile/o cannot be made", r.Err);
            Assert.DoesNotContain("progress", r.Err);
        }
        var merge = Qps.Run(_dir, "sweep", "merge", "afile", "--out", "m");
        Assert.Equal(2, merge.ExitCode);
        Assert.Contains("afile/sweep.json: no such file", merge.Err);
        var generate = Qps.Run(_dir, "generate", "--catalog", "afile/c", "--days", "1");
        Assert.Equal(2, generate.ExitCode);
        Assert.Contains("--catalog afile/c cannot be made", generate.Err);
    }

    [Fact]
    public void AMergeOfPartsThatDoNotMakeOneSweep_IsRefused_AndAChangedFileIsNamed()
    {
        Sweep("s0", "--shard", "0/2");
        var r = Qps.Run(_dir, ["sweep", .. Grid, "--out", "other", "--shard", "1/2", "--seed", "7"]);
        Assert.Equal(0, r.ExitCode);
        var merge = Qps.Run(_dir, "sweep", "merge", "s0", "other", "--out", "m");
        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("ran on other market data", merge.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "m")));
        var missing = Qps.Run(_dir, "sweep", "merge", "s0", "--out", "m");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("in none of the parts", missing.Err);
        string json = Path.Combine(_dir, "s0", "sweep.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"1.5\"", "\"1.6\"", StringComparison.Ordinal));
        var edited = Qps.Run(_dir, "sweep", "merge", "s0", "--out", "m");
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("plan_hash does not match", edited.Err);
    }

    [SkippableFact]
    public void WalkForward_OnFxcmMinutes_ChoosesPerWindow_JoinsTheTestWindows_AndDeflatesTheChoice()
    {
        string data = SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv");
        var r = Qps.Run(_dir, "sweep", "--data", data, "--vary", "alphas.breakout.period=10:40:10", "--vary", "alphas.breakout.stopAtr=1:3:0.5",
            "--metric", "breakout.interval_sharpe", "--walk-forward", "train=8d,test=4d", "--out", "wf");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("100 trials tried in all (20 a window)", r.Out);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "wf", "walkforward.json")));
        var root = doc.RootElement;
        Assert.Equal("qpsfast.walkforward/1", root.GetProperty("schema").GetString());
        var windows = root.GetProperty("windows").EnumerateArray().ToArray();
        Assert.Equal(5, windows.Length); // February 2012: 29 days, windows of 8 + 4 stepping 4
        Assert.All(windows, w => Assert.InRange(w.GetProperty("deflated_sharpe").GetDouble(), 0, 1));
        // Five test windows of 4 calendar days; the days without a mark (a weekend) have no daily return: 17 are joined.
        Assert.Equal(17, root.GetProperty("out_of_sample").GetProperty("days").GetInt32());
        Assert.True(root.GetProperty("out_of_sample").GetProperty("interval_returns").GetInt32() > 300, "hourly marks of 17 test days");
        var bad = Qps.Run(_dir, "sweep", "--data", data, "--vary", "alphas.breakout.period=10,20", "--walk-forward", "train=40d,test=10d", "--out", "wf2");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("fewer than one training and test window", bad.Err);
        Assert.False(File.Exists(Path.Combine(_dir, "wf2", "walkforward.json")));
    }

    [Theory]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--walk-forward|train=60d", "train=Nd and test=Nd are both required")]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--walk-forward|train=6d,test=2d|--shard|0/2", "--walk-forward runs whole windows: drop --shard")]
    [InlineData("--vary|alphas.pairs.entryZZ=1,2|--out|o", "--vary alphas.pairs.entryZZ=1: $.alphas.pairs.entryZZ: unknown key")]
    [InlineData("--vary|alphas.pairs.entryZ=0.6,99|--out|o", "--vary alphas.pairs.entryZ=99: $.alphas.pairs.entryZ: value 99 is out of range")]
    [InlineData("--vary|alphas.pairs.entryZ=0.4,2|--vary|alphas.pairs.exitZ=0.1,1|--out|o", "--vary alphas.pairs.entryZ=0.4, alphas.pairs.exitZ=1: $.alphas.pairs.exitZ: value 1 must be below entryZ")]
    [InlineData("--vary|alphas.pairs.entryZ=3:1:0.5|--out|o", "the range ends (1) below its start (3)")]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--metric|foo.sharpe", "--metric 'foo.sharpe'")]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--shard|2/2", "--shard '2/2'")]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--random|5", "--random 5 asks for more trials than the grid's 1 points")]
    [InlineData("--vary|alphas.pairs.window=60|--out|o|--speed|2x", "--speed does not apply")]
    [InlineData("--vary|alphas.pairs.window=60", "--out DIR is required")]
    [InlineData("--rerun|nope|--trial|1", "nope/sweep.json: no such file")]
    [InlineData("--trial|1|--vary|alphas.pairs.window=60|--out|o", "--trial goes with --rerun DIR")]
    public void BadInput_IsOneLine_Exit2_AndWritesNothing(string args, string message)
    {
        var r = Qps.Run(_dir, ["sweep", .. args.Split('|')]);
        Assert.True(r.ExitCode == 2, $"{args}: exit {r.ExitCode} {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }
}
