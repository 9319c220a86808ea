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
        string full = Path.GetFullPath(lockPath);
        if (!File.Exists("/proc/locks"))
            return (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(Path.GetDirectoryName(full)!)).TotalSeconds < 10;
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or is not ours to look at
            }
        }
        return false;
    }
}
