using System.Diagnostics;

namespace QpsFast.Cli.Tests;

/// <summary>Runs the qps tool as a child process in a working folder, with optional environment variables.</summary>
public static class Qps
{
    public sealed record Result(int ExitCode, string Out, string Err);

    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "qps.dll");

    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QpsFast.sln")))
                return dir.FullName;
        throw new InvalidOperationException("QpsFast.sln not found");
    }

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        Assert.True(File.Exists(s_dll), $"qps.dll not found at {s_dll}");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(s_dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"qps {string.Join(' ', args)} did not finish in 3 minutes");
        }
        NoStackTrace(stderr.Result, args);
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Every qps run of the CLI suite goes through here or <see cref="Finish"/>: none may print a .NET stack trace
    /// ("   at Namespace.Type.Method(…)") or an unhandled-exception banner, for bad input or I/O faults alike.
    /// </summary>
    private static void NoStackTrace(string stderr, IEnumerable<string> args)
    {
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(stderr, @"^\s+at [\w.`<>\[\],]+\(", System.Text.RegularExpressions.RegexOptions.Multiline),
            $"qps {string.Join(' ', args)} printed a stack trace:\n{stderr}");
        Assert.DoesNotContain("Unhandled exception", stderr);
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>Starts qps as a background child process (a venue); the caller waits for it, or kills it.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        Assert.True(File.Exists(s_dll), $"qps.dll not found at {s_dll}");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(s_dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) for a child to write its port file, and returns the port.</summary>
    public static int WaitForPort(string portFile, Process child, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile), out int port))
                return port;
            if (child.HasExited)
                Assert.Fail($"the child exited ({child.ExitCode}) before listening: {child.StandardError.ReadToEnd()}");
            Thread.Sleep(50);
        }
        child.Kill(entireProcessTree: true);
        Assert.Fail($"no port file {portFile} after {seconds} s");
        return 0;
    }

    /// <summary>Waits (at most 2 minutes) for a background child to exit, and returns what it printed.</summary>
    public static Result Finish(Process child)
    {
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("a background qps did not finish in 2 minutes");
        }
        NoStackTrace(stderr.Result, child.StartInfo.ArgumentList);
        return new Result(child.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Returns the 16-hex-digit digest from qps live or generate output.</summary>
    public static string Digest(Result r)
    {
        var line = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("digest", StringComparison.Ordinal));
        return line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }
}
