using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// The monitor that <see cref="BlockingWaitStrategy"/> consumers sleep on. Producers and processors call
/// <see cref="Notify"/> after advancing a sequence; it costs one field read until the pipeline enables it.
/// </summary>
/// <remarks>
/// A waiter registers (full fence) and then re-checks its condition under the lock; a notifier writes its sequence,
/// fences, and then reads the waiter count. This is Dekker's pattern: either the waiter sees the new sequence, or the
/// notifier sees the waiter and pulses under the lock, after the waiter has entered <see cref="Monitor.Wait(object, int)"/>.
/// </remarks>
public sealed class WaitSignal
{
    private readonly object _gate = new();
    private int _waiters;
    private bool _enabled;

    /// <summary>Returns whether notifications are delivered.</summary>
    public bool IsEnabled => Volatile.Read(ref _enabled);

    /// <summary>Turns notifications on. Called when a pipeline with a blocking stage is built.</summary>
    public void Enable() => Volatile.Write(ref _enabled, true);

    /// <summary>Wakes waiters, if notifications are enabled and anyone waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Notify()
    {
        if (_enabled)
            NotifySlow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NotifySlow()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) != 0)
            NotifyAlways();
    }

    /// <summary>Wakes every waiter unconditionally (halt, fault).</summary>
    public void NotifyAlways()
    {
        lock (_gate)
            Monitor.PulseAll(_gate);
    }

    /// <summary>
    /// Blocks until <paramref name="barrier"/>'s dependencies reach <paramref name="sequence"/> or it is alerted;
    /// returns <see langword="false"/> if no notification came within <paramref name="timeoutMs"/>.
    /// </summary>
    public bool Wait(SequenceBarrier barrier, long sequence, int timeoutMs)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                while (barrier.DependentValue < sequence && !barrier.IsAlerted)
                {
                    if (!Monitor.Wait(_gate, timeoutMs))
                        return false;
                }
                return true;
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }
    }
}
