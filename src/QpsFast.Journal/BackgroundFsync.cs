using Microsoft.Win32.SafeHandles;

namespace QpsFast.Journal;

/// <summary>
/// Forces a segment's written bytes to disk on a thread of its own (<see cref="FsyncPolicy.Interval"/>), so the journal
/// thread goes on encoding while the disk writes: the disk and the CPU work at once instead of in turn. One fsync is in
/// flight at a time; asking for the next waits for it, so at most two intervals of bytes are ever unsynced. A segment
/// sealed at a roll is handed over whole: fsynced and closed here, while the journal thread opens the next. An fsync
/// that fails is reported to the journal thread at its next request, or when the segment is sealed. Allocation-free
/// after construction.
/// </summary>
internal sealed class BackgroundFsync : IDisposable
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private SafeFileHandle? _next;
    private IDisposable? _closeAfter;
    private bool _busy;
    private bool _stop;
    private Exception? _error;

    public BackgroundFsync(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>
    /// Starts an fsync of <paramref name="file"/>, after the one in flight (if any) has finished; then closes
    /// <paramref name="closeAfter"/> when given (a sealed segment's stream, handed over).
    /// </summary>
    /// <exception cref="IOException">An earlier fsync failed.</exception>
    public void Request(SafeFileHandle file, IDisposable? closeAfter = null)
    {
        lock (_gate)
        {
            WaitWhileBusy();
            ThrowIfFailed();
            _next = file;
            _closeAfter = closeAfter;
            _busy = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until no fsync is in flight (before its file is sealed or closed).</summary>
    /// <exception cref="IOException">An fsync failed.</exception>
    public void WaitIdle()
    {
        lock (_gate)
        {
            WaitWhileBusy();
            ThrowIfFailed();
        }
    }

    // Called holding the gate.
    private void WaitWhileBusy()
    {
        while (_busy)
            Monitor.Wait(_gate);
    }

    private void ThrowIfFailed()
    {
        if (_error is { } e)
        {
            _error = null;
            throw new IOException($"the journal's fsync failed: {e.Message}", e);
        }
    }

    private void Run()
    {
        while (true)
        {
            SafeFileHandle file;
            IDisposable? close;
            lock (_gate)
            {
                while (_next is null && !_stop)
                    Monitor.Wait(_gate);
                if (_next is null)
                    return;
                file = _next;
                _next = null;
                close = _closeAfter;
                _closeAfter = null;
            }
            Exception? error = null;
            try
            {
                RandomAccess.FlushToDisk(file);
                close?.Dispose();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                error = e;
            }
            lock (_gate)
            {
                _error ??= error;
                _busy = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Waits for the fsync in flight and stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            WaitWhileBusy();
            _stop = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
    }
}
