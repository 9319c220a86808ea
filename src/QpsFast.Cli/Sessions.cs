namespace QpsFast.Cli;

/// <summary>Where a session's files live: <c>&lt;logs&gt;/&lt;session&gt;/</c>.</summary>
internal static class Sessions
{
    public static bool IsValidId(string id) => QpsFast.Replay.SessionId.IsValid(id);

    public static string Directory(string logs, string session) => Path.Combine(logs, session);

    /// <summary>Returns why <paramref name="logs"/> cannot hold sessions (a file, or a folder that cannot be made), or null.</summary>
    public static string? LogsProblem(string logs) => FolderProblem("--logs", logs, "a folder of sessions");

    /// <summary>Returns why <paramref name="path"/> (given as <paramref name="option"/>) cannot be a folder qps writes into, or null; makes it if missing.</summary>
    public static string? FolderProblem(string option, string path, string what = "a folder")
    {
        if (File.Exists(path))
            return $"{option} {path} is a file, not {what}";
        try
        {
            System.IO.Directory.CreateDirectory(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} {path} cannot be made: {e.Message}";
        }
    }

    /// <summary>
    /// Returns why <paramref name="path"/> cannot become a folder qps writes into later, or null; unlike
    /// <see cref="FolderProblem"/> it leaves nothing behind (a folder it makes to find out is removed again), for a
    /// verb that must check its output before long work and write nothing when that work fails.
    /// </summary>
    public static string? OutputFolderProblem(string option, string path)
    {
        if (File.Exists(path))
            return $"{option} {path} is a file, not a folder";
        if (System.IO.Directory.Exists(path))
            return null;
        string top = Path.GetFullPath(path);
        while (Path.GetDirectoryName(top) is { } parent && !System.IO.Directory.Exists(parent) && !File.Exists(parent))
            top = parent;
        try
        {
            System.IO.Directory.CreateDirectory(path);
            System.IO.Directory.Delete(top, recursive: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} {path} cannot be made: {e.Message}";
        }
    }

    /// <summary>Makes <paramref name="option"/> refuse, at parse time (exit 2), an id that is not a plain folder name (no "..", no '/').</summary>
    public static T Checked<T>(T option) where T : System.CommandLine.Option<string?>
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } id && !IsValidId(id))
                r.AddError($"--session '{id}' may hold only letters, digits, '-', '_' and '.' (a session is a folder under --logs)");
        });
        return option;
    }

    /// <summary>
    /// Makes <paramref name="option"/> refuse, at parse time (exit 2, before any work), a file path qps could not write:
    /// a folder, or a file in a folder that cannot be made.
    /// </summary>
    public static T OutputFile<T>(T option) where T : System.CommandLine.Option<string?>
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } path)
                return;
            if (System.IO.Directory.Exists(path))
            {
                r.AddError($"{option.Name} {path} is a folder, not a file");
                return;
            }
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && FolderProblem(option.Name, folder, "a folder for the file") is { } problem)
                r.AddError(problem);
        });
        return option;
    }

    /// <summary>Makes the command refuse --session and --dir together: they name the journal two ways and neither may silently win.</summary>
    public static void OneOf(System.CommandLine.Command command, System.CommandLine.Option<string?> session, System.CommandLine.Option<string?> dir) =>
        command.Validators.Add(r =>
        {
            if (r.GetResult(session) is { Implicit: false } && r.GetResult(dir) is { Implicit: false })
                r.AddError("give --session or --dir, not both");
        });

    /// <summary>Returns an unused session id: <c>&lt;prefix&gt;-&lt;UTC date-time&gt;</c>, with "-2", "-3", … if taken.</summary>
    public static string NewId(string logs, string prefix)
    {
        string id = $"{prefix}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}";
        string candidate = id;
        for (int n = 2; System.IO.Directory.Exists(Directory(logs, candidate)); n++)
            candidate = $"{id}-{n}";
        return candidate;
    }

    public static string JournalDirectory(string logs, string session) => Path.Combine(logs, session, "journal");

    /// <summary>The error line for a journal whose manifest names another session (a segment copied or moved in).</summary>
    public static string ForeignJournal(string journalDirectory, string manifestSession, string id) =>
        $"error: {journalDirectory} holds the journal of session '{manifestSession}' (its manifest), not of '{id}': it was copied or moved here; verify it as the session it is";
}
