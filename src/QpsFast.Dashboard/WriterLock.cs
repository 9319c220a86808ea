namespace QpsFast.Dashboard;

/// <summary>
/// Whether a journal's writer is alive, found without touching its lock: the writer holds an exclusive <c>flock</c> on
/// <c>records.lock</c> for its whole life (<see cref="QpsFast.Journal.JournalLock"/>). Taking the lock to test it would
/// race with a writer starting, so on Linux the holders listed in <c>/proc/locks</c> are matched by their open files
/// (<c>/proc/PID/fd</c>); elsewhere a journal written to in the last 10 seconds counts as running.
/// </summary>
public static class WriterLock
{
    /// <summary>Returns whether a process holds the lock file at <paramref name="lockPath"/>.</summary>
    public static bool IsHeld(string lockPath)
    {
        if (!File.Exists(lockPath))
            return false;
        string full = RealPath(lockPath);
        bool RecentlyWritten() => (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(full)!)).TotalSeconds < 10;
        if (!File.Exists("/proc/locks"))
            return RecentlyWritten();
        bool unreadable = false;
        foreach (var line in File.ReadLines("/proc/locks"))
        {
            // "1: FLOCK  ADVISORY  WRITE 4242 08:01:123456 0 EOF"
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || f[1] != "FLOCK" || !int.TryParse(f[4], out int pid))
                continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target == full)
                        return true;
                }
            }
            catch (DirectoryNotFoundException)
            {
                // the process ended meanwhile
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable = true; // another user's process: its files cannot be matched
            }
        }
        return unreadable && RecentlyWritten();
    }

    // The path with every symbolic link on the way resolved, as /proc/PID/fd shows open files.
    private static string RealPath(string path)
    {
        string current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : next;
        }
        return current;
    }
}
