namespace QpsFast.Testing;

/// <summary>Locates ../shared/data beside the repository; tests that need it skip when it is absent.</summary>
public static class SharedData
{
    private static readonly Lazy<string?> s_root = new(Find);

    public static string? Root => s_root.Value;

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QpsFast.sln")))
            {
                var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }
        return null;
    }

    /// <summary>Returns the full path of a file under shared/data, or skips the test when the folder is missing.</summary>
    public static string PathOf(string relative)
    {
        Skip.If(Root is null, "skipped: shared data not present");
        var path = Path.Combine(Root!, relative);
        Assert.True(File.Exists(path), $"missing shared data file {path}");
        return path;
    }
}
