using System.Diagnostics;

namespace QpsFast.Cli.Tests;

/// <summary>
/// As a user outside this repository gets QpsFast: the libraries and the qps tool packed to a folder feed, qps
/// installed from it as a .NET tool, a strategy project scaffolded by <c>qps new strategy</c> in a temp folder, built
/// and tested against the feed, run by the installed qps and replayed to PASS.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-package-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void PackedToolAndLibraries_ScaffoldBuildRunAndReplay_OutsideTheRepository()
    {
        string data = SharedData.PathOf("daily/orcl-1995-2014.txt");
        Assert.False(_dir.StartsWith(Qps.RepoRoot, StringComparison.Ordinal));
        // A version of its own: the NuGet cache never serves an older build under the same number.
        string version = $"0.3.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string feed = Path.Combine(_dir, "feed");
        foreach (var project in new[] { "QpsFast.Ring", "QpsFast.Engine", "QpsFast.Data", "QpsFast.Journal", "QpsFast.Cli" })
        {
            // --no-build: the test run's own Release build is what gets packed (nothing in the repository is rebuilt under the other tests).
            var pack = Run("dotnet", Qps.RepoRoot, "pack", Path.Combine("src", project, project + ".csproj"), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
            Assert.True(pack.Exit == 0, $"pack {project}: {pack.Out}{pack.Err}");
        }
        Assert.Equal(5, Directory.GetFiles(feed, "*.nupkg").Length);

        string tools = Path.Combine(_dir, "tools");
        // The tool package is large (SkiaSharp's native libraries for every platform): its cache copy stays in the temp folder.
        var install = Run("dotnet", _dir, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_dir, "nuget-cache") }, "tool", "install", "qps", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(install.Exit == 0, install.Out + install.Err);
        string qps = Path.Combine(tools, "qps");

        var scaffold = Run(qps, _dir, "new", "strategy", "MyAlphas", "--feed", feed, "--engine-version", version);
        Assert.True(scaffold.Exit == 0, scaffold.Out + scaffold.Err);
        var test = Run("dotnet", _dir, "test", Path.Combine("MyAlphas", "MyAlphas.slnx"), "-c", "Release");
        Assert.True(test.Exit == 0, test.Out + test.Err);
        Assert.Contains("Passed!", test.Out);
        string dll = Path.Combine(_dir, "MyAlphas", "src", "MyAlphas", "bin", "Release", "net10.0", "MyAlphas.dll");
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dll)!, "QpsFast.Engine.dll")), "the engine comes from qps, not the strategy's folder");

        File.WriteAllText(Path.Combine(_dir, "cfg.json"), """
            { "alphas": { "builtIn": false }, "broker": { "mode": "NextBarOpen" },
              "risk": { "maxOrderNotional": 0, "maxPositionNotional": 0, "maxSymbolNotional": 0, "maxGrossExposure": 0, "maxNetExposure": 0 } }
            """);
        var live = Run(qps, _dir, "live", "--session", "t1", "--config", "cfg.json", "--data", data, "--strategy", dll, "--strategy-config", Path.Combine("MyAlphas", "params.json"));
        Assert.True(live.Exit == 0, live.Out + live.Err);
        var row = live.Out.Split('\n').Single(l => l.TrimStart().StartsWith("trend ", StringComparison.Ordinal));
        Assert.Matches(@"trend\s+\d{3,}\s+\d{3,}\s+\d{3,}", row); // hundreds of signals, orders and fills
        var replay = Run(qps, _dir, "replay", "--session", "t1");
        Assert.True(replay.Exit == 0, replay.Out + replay.Err);
        Assert.Contains("verdict  PASS", replay.Out);
    }

    private static (int Exit, string Out, string Err) Run(string file, string directory, params string[] args) => Run(file, directory, [], args);

    private static (int Exit, string Out, string Err) Run(string file, string directory, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
