namespace QpsFast.Engine.Tests;

/// <summary>Files of this repository (data/, docs/), found from the test's output folder.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QpsFast.sln")))
                return dir.FullName;
        throw new InvalidOperationException("QpsFast.sln not found above " + AppContext.BaseDirectory);
    }
}
