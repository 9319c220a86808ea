namespace QpsFast.Ring;

/// <summary>
/// Spins, then yields, then sleeps for a short interval between tries: the least CPU when idle, at the price of
/// latency after an idle spell.
/// </summary>
public struct SleepingWaitStrategy : IWaitStrategy
{
    private const int Retries = 200;
    private const int SpinUntil = 100;
    private const int DefaultSleepMicroseconds = 100;

    private readonly int _sleepMicroseconds;

    /// <summary>Creates the strategy with a sleep of <paramref name="sleepMicroseconds"/> per try once idle.</summary>
    public SleepingWaitStrategy(int sleepMicroseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sleepMicroseconds);
        _sleepMicroseconds = sleepMicroseconds;
    }

    /// <inheritdoc />
    public static bool UsesSignal => false;

    /// <inheritdoc />
    public readonly long WaitFor(long sequence, SequenceBarrier barrier)
    {
        int counter = Retries;
        long available;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted)
                break;
            if (counter > SpinUntil)
            {
                counter--;
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                ThreadSleep.Microseconds(_sleepMicroseconds == 0 ? DefaultSleepMicroseconds : _sleepMicroseconds);
            }
        }
        return available;
    }
}
