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
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>Returns the 16-hex-digit digest from qps live or generate output.</summary>
    public static string Digest(Result r)
    {
        var line = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("digest", StringComparison.Ordinal));
        return line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }
}
