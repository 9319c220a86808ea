namespace QpsFast.Cli.Tests;

/// <summary>Issue 12's silent accepts in the verbs' arguments: each is now exit 2 with one line, before anything runs.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SessionIdsOutsideTheLogsFolder_BothSessionAndDir_AndANegativeLimit_AreUsageErrors()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "x", "journal"));
        var cases = new (string[] Args, string Expected)[]
        {
            (["replay", "--session", "../x"], "--session '../x' may hold only"),
            (["dump", "--session", "../x"], "--session '../x' may hold only"),
            (["journal", "verify", "--session", "a/b"], "--session 'a/b' may hold only"),
            (["journal", "repair", "--session", ".."], "--session '..' may hold only"),
            (["report", "--session", "../x"], "--session '../x' may hold only"),
            (["live", "--session", "../x", "--days", "1"], "--session '../x' may hold only"),
            (["demo", "--session", "x/y"], "--session 'x/y' may hold only"),
            (["dump", "--session", "s", "--dir", "x/journal"], "give --session or --dir, not both"),
            (["journal", "info", "--session", "s", "--dir", "x/journal"], "give --session or --dir, not both"),
            (["dump", "--dir", "x/journal", "--limit", "-1"], "--limit must be 0 or more"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = Qps.Run(_dir, args);
            Assert.Equal((string.Join(' ', args), 2), (string.Join(' ', args), r.ExitCode));
            Assert.Contains(expected, r.Err);
            Assert.DoesNotContain("   at ", r.Err);
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs")), "nothing was written");
    }
}
