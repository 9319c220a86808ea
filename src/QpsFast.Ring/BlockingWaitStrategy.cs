namespace QpsFast.Ring;

/// <summary>
/// Sleeps on the pipeline's <see cref="WaitSignal"/> until a producer or upstream stage advances, or a timeout
/// passes: no CPU when idle, wake-up latency of a context switch. A timeout returns control to the processor,
/// which re-checks for a halt and waits again.
/// </summary>
public struct BlockingWaitStrategy : IWaitStrategy
{
    /// <summary>The timeout used by <c>default(BlockingWaitStrategy)</c>, in milliseconds.</summary>
    public const int DefaultTimeoutMs = 100;

    private readonly int _timeoutMs;

    /// <summary>Creates the strategy with a timeout.</summary>
    public BlockingWaitStrategy(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        _timeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
    }

    /// <summary>Returns the timeout in milliseconds.</summary>
    public readonly int TimeoutMs => _timeoutMs == 0 ? DefaultTimeoutMs : _timeoutMs;

    /// <inheritdoc />
    public static bool UsesSignal => true;

    /// <inheritdoc />
    public readonly long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available = barrier.DependentValue;
        if (available >= sequence)
            return available;
        barrier.Signal.Wait(barrier, sequence, TimeoutMs);
        return barrier.DependentValue;
    }
}
