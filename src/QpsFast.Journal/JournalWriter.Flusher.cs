namespace QpsFast.Journal;

/// <summary>The writer's flusher thread (<see cref="JournalOptions.FlushInterval"/>): timed partial frames for a feed gone quiet.</summary>
public sealed partial class JournalWriter
{
    // The flusher: wakes every quarter interval and writes the buffered records once the oldest has waited the
    // interval (the journal thread does the same at each end of batch; this covers a feed that has gone quiet).
    private void FlushLoop(int stepMs)
    {
        while (true)
        {
            lock (_gate!)
            {
                if (!_stopFlusher)
                    Monitor.Wait(_gate, stepMs);
                if (_stopFlusher)
                    return;
            }
            if (_flusherFault is not null || Interlocked.CompareExchange(ref _owner, Flusher, Idle) != Idle)
                continue; // a batch is running: its end of batch writes aged records itself
            try
            {
                if (_pendingCount > 0 && Aged())
                {
                    EncodeFrame();
                    WriteOut();
                }
            }
            catch (Exception e)
            {
                _flusherFault = e; // reported on the journal thread's next claim
            }
            finally
            {
                Volatile.Write(ref _owner, Idle);
            }
        }
    }

    private void ThrowIfFlusherFaulted()
    {
        if (_flusherFault is { } e)
            throw new IOException($"journal {_options.Directory}: a timed flush failed: {e.Message}", e);
    }

    private void StopFlusher()
    {
        if (_flusher is null)
            return;
        lock (_gate!)
        {
            _stopFlusher = true;
            Monitor.Pulse(_gate);
        }
        _flusher.Join();
        _flusher = null;
    }
}
