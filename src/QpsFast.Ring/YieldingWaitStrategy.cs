namespace QpsFast.Ring;

/// <summary>
/// Spins briefly, then yields the core on every further try: low latency, and it shares cores gracefully. The
/// default for tests and for pipelines with more threads than cores.
/// </summary>
public struct YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    /// <inheritdoc />
    public static bool UsesSignal => false;

    /// <inheritdoc />
    public readonly long WaitFor(long sequence, SequenceBarrier barrier)
    {
        int counter = SpinTries;
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted)
                break;
            if (counter == 0)
                Thread.Yield();
            else
                counter--;
        }
        return available;
    }
}
