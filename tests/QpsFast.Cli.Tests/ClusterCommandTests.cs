using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QpsFast.Cli.Tests;

/// <summary>
/// <c>qps sweep --cluster</c> on three <c>qps cluster silo</c> processes on 127.0.0.1 (each bounded by --lifetime-s):
/// one is killed while it runs a share, and the sweep still completes with the local run's results, file for file.
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private static readonly string[] Grid = ["--vary", "alphas.pairs.entryZ=1.5:2.7:0.2", "--vary", "alphas.pairs.window=30:270:30", "--days", "2", "--metric", "pairs.sharpe"];

    private readonly string _dir = Directory.CreateTempSubdirectory("qps-cluster-").FullName;
    private readonly List<Process> _silos = [];

    public void Dispose()
    {
        foreach (var p in _silos)
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private sealed record Silo(Process Process, ConcurrentQueue<string> Lines);

    private Silo StartSilo(int port, int gateway, int? seed, string? workingDirectory = null, int lifetimeSeconds = 150)
    {
        var p = Qps.Start(workingDirectory ?? _dir, ["cluster", "silo", "--port", $"{port}", "--gateway-port", $"{gateway}", "--lifetime-s", $"{lifetimeSeconds}", .. seed is { } s ? new[] { "--seed-node", $"127.0.0.1:{s}" } : []]);
        _silos.Add(p);
        var lines = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Until(() => lines.Any(l => l.StartsWith("silo ready", StringComparison.Ordinal)), p, lines, "silo ready");
        return new Silo(p, lines);
    }

    private static void Until(Func<bool> condition, Process p, ConcurrentQueue<string> lines, string what, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(p.HasExited, $"the silo exited ({(p.HasExited ? p.ExitCode : 0)}) before '{what}': {string.Join(" | ", lines)}");
            Assert.True(clock.Elapsed.TotalSeconds < seconds, $"no '{what}' after {seconds} s: {string.Join(" | ", lines)}");
            Thread.Sleep(20);
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners)
            l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners)
            l.Stop();
        return ports;
    }

    [Fact]
    public void ASweepOnThreeSilos_SurvivesKillingOneMidSweep_AndEqualsTheLocalRun()
    {
        var ports = FreePorts(6);
        StartSilo(ports[0], ports[1], null);
        StartSilo(ports[2], ports[3], ports[0]);
        var victim = StartSilo(ports[4], ports[5], ports[0]);

        var client = Qps.Start(_dir, ["sweep", .. Grid, "--out", "cluster", "--cluster", $"127.0.0.1:{ports[1]}"]);
        // Kill the third silo once it is running a share: that share must then run elsewhere.
        Until(() => victim.Lines.Any(l => l.StartsWith("started trials", StringComparison.Ordinal)), victim.Process, victim.Lines, "started trials", 120);
        victim.Process.Kill(entireProcessTree: true);
        var result = Qps.Finish(client);
        Assert.True(result.ExitCode == 0, result.Err + result.Out);
        Assert.Matches(@"cluster  127\.0\.0\.1:\d+: [1-9]\d* share\(s\) sent again after a failure", result.Out);

        var local = Qps.Run(_dir, ["sweep", .. Grid, "--out", "local", "--jobs", "1"]);
        Assert.True(local.ExitCode == 0, local.Err);
        foreach (var file in new[] { "sweep.json", "sweep.csv", "sweep.html" })
            Assert.Equal(File.ReadAllText(Path.Combine(_dir, "local", file)), File.ReadAllText(Path.Combine(_dir, "cluster", file)));
    }

    [Fact]
    public void AUserStrategysSweep_OnASiloWorkingInAnotherFolder_EqualsTheLocalRun()
    {
        // The client names the strategy, its parameters and the data by relative paths; the silo's working folder
        // is not the client's, so the job must carry full paths.
        var built = Path.Combine(Qps.RepoRoot, "samples", "QpsFast.Samples", "bin", "Release", "net10.0", "QpsFast.Samples.dll");
        File.Copy(built, Path.Combine(_dir, "QpsFast.Samples.dll"));
        File.WriteAllText(Path.Combine(_dir, "sma.json"), """{ "fast": 10, "slow": 30, "percent": 50 }""");
        var data = Qps.Run(_dir, "generate", "--days", "1", "--out", "gen");
        Assert.True(data.ExitCode == 0, data.Err);
        string[] grid = ["--data", "gen/market.qpsr", "--strategy", "QpsFast.Samples.dll", "--strategy-config", "sma.json",
            "--vary", "strategy.sma-crossover.fast=5,10,15", "--vary", "alphas.pairs.window=60,120", "--metric", "sma-crossover.total_return"];
        var ports = FreePorts(2);
        Directory.CreateDirectory(Path.Combine(_dir, "elsewhere"));
        var silo = StartSilo(ports[0], ports[1], null, Path.Combine(_dir, "elsewhere"), lifetimeSeconds: 90);

        var cluster = Qps.Run(_dir, ["sweep", .. grid, "--out", "cluster", "--cluster", $"127.0.0.1:{ports[1]}"]);
        Assert.True(cluster.ExitCode == 0, cluster.Err + cluster.Out + string.Join(" | ", silo.Lines));
        Assert.Contains(silo.Lines, l => l.StartsWith("started trials", StringComparison.Ordinal));
        var local = Qps.Run(_dir, ["sweep", .. grid, "--out", "local", "--jobs", "2"]);
        Assert.True(local.ExitCode == 0, local.Err);
        foreach (var file in new[] { "sweep.json", "sweep.csv", "sweep.html" })
            Assert.Equal(File.ReadAllText(Path.Combine(_dir, "local", file)), File.ReadAllText(Path.Combine(_dir, "cluster", file)));
        Assert.Contains("\"QpsFast.Samples.dll\"", File.ReadAllText(Path.Combine(_dir, "cluster", "sweep.json"))); // the paths as given
    }

    [Theory]
    [InlineData("cluster|silo|--port|0", "--port must be 1..65535 (got 0)")]
    [InlineData("cluster|silo|--port|30000|--gateway-port|30000", "--port and --gateway-port must differ")]
    [InlineData("cluster|silo|--seed-node|nohost", "--seed-node 'nohost': expected HOST:PORT")]
    [InlineData("cluster|silo|--address|300.1.1.1", "--address '300.1.1.1': not an IP address")]
    [InlineData("sweep|--vary|alphas.pairs.window=60|--out|o|--cluster|127.0.0.1:x", "--cluster '127.0.0.1:x': expected HOST:PORT")]
    [InlineData("sweep|--vary|alphas.pairs.window=60|--out|o|--cluster|127.0.0.1:9|--walk-forward|train=2d,test=1d", "--walk-forward runs on local workers: drop --cluster")]
    public void BadArguments_AreOneLine_Exit2(string args, string message)
    {
        var r = Qps.Run(_dir, args.Split('|'));
        Assert.True(r.ExitCode == 2, $"{args}: exit {r.ExitCode} {r.Err}");
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }

    [Fact]
    public void ASweepWithNoClusterThere_SaysSo_AndWritesNothing()
    {
        var port = FreePorts(1)[0];
        var r = Qps.Run(_dir, "sweep", "--vary", "alphas.pairs.window=60,120", "--days", "1", "--out", "o", "--cluster", $"127.0.0.1:{port}");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"cannot reach the cluster at 127.0.0.1:{port}", r.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }
}
