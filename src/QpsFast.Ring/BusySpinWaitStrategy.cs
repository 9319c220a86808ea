using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// Spins on the dependent sequence without pausing: the lowest latency, and a whole core per consumer. Meant for no
/// more busy threads than cores.
/// </summary>
/// <remarks>
/// Safety valve: after <see cref="PollsBeforeYield"/> consecutive empty polls (tens of microseconds of finding
/// nothing) it calls <see cref="Thread.Yield"/> once. When the core has nothing else to run the yield returns at
/// once, so a correctly provisioned pipeline is unaffected while data flows; on an oversubscribed machine (for
/// example four spinning stages on two cores) a starved producer or upstream stage gets the core instead of the
/// pipeline advancing one ring-length per scheduler tick.
/// </remarks>
public struct BusySpinWaitStrategy : IWaitStrategy
{
    /// <summary>Consecutive empty polls after which the thread yields once.</summary>
    public const int PollsBeforeYield = 1 << 14;

    /// <inheritdoc />
    public static bool UsesSignal => false;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        int polls = 0;
        while ((available = barrier.DependentValue) < sequence)
        {
            if (barrier.IsAlerted)
                break;
            if (++polls == PollsBeforeYield)
            {
                polls = 0;
                Thread.Yield();
            }
        }
        return available;
    }
}
