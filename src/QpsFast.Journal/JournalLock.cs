namespace QpsFast.Journal;

/// <summary>
/// The single-writer lock of a journal: an exclusive advisory lock (<c>flock</c> on Linux, a share-none open on
/// Windows) on <c>&lt;stream&gt;.lock</c> in the journal's folder, held by the journal writer for its whole life and
/// taken by every other writer (repair, a resumed session, a second live run) before it touches a segment. Readers
/// never take it. The operating system releases it when its holder exits, however it exits (kill -9 included); the
/// file itself stays (deleting a lock file races with a process that has just opened it).
/// </summary>
public sealed class JournalLock : IDisposable
{
    private FileStream? _file;

    private JournalLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>Returns the lock file's path.</summary>
    public string Path { get; }

    /// <summary>Returns the lock file of <paramref name="stream"/> in <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, string stream = "records") => System.IO.Path.Combine(directory, stream + ".lock");

    /// <summary>Takes the lock of the journal in <paramref name="directory"/> (which must exist), or throws at once.</summary>
    /// <exception cref="JournalLockedException">Another writer holds it.</exception>
    public static JournalLock Acquire(string directory, string stream = "records")
    {
        string path = PathOf(directory, stream);
        try
        {
            return new JournalLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1), path);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new JournalLockedException(directory, path);
        }
    }

    // How .NET reports a lock held elsewhere: EWOULDBLOCK from flock on Linux (11) and macOS (35), or
    // ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    private static bool IsSharingViolation(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35;

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}

/// <summary>A journal's single-writer lock is held by another writer: nothing was changed.</summary>
public sealed class JournalLockedException(string directory, string lockPath)
    : IOException($"{directory}: the journal is being written by another process or writer (its lock {System.IO.Path.GetFileName(lockPath)} is held); nothing was changed: wait for that writer to end")
{
    /// <summary>Returns the journal's folder.</summary>
    public string Directory { get; } = directory;
}
