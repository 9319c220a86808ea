using System.Diagnostics;

namespace QpsFast.Perf.Ring;

/// <summary>
/// The hand-off between a workload's caller, its producer threads and its last consumer: what to produce, and when
/// the last consumer saw the last event. Reused across runs; allocation-free after the first.
/// </summary>
public sealed class RunControl
{
    private long _targetSequence = long.MaxValue;
    private long _startTimestamp;
    private long _endTimestamp;

    /// <summary>Returns the event the last consumer signals on.</summary>
    public long TargetSequence => Volatile.Read(ref _targetSequence);

    /// <summary>Returns the signal the last consumer sets on reaching <see cref="TargetSequence"/>.</summary>
    public ManualResetEventSlim Done { get; } = new(false, spinCount: 0);

    /// <summary>Prepares a run whose last event is <paramref name="targetSequence"/>.</summary>
    public void Arm(long targetSequence)
    {
        Done.Reset();
        Volatile.Write(ref _targetSequence, targetSequence);
    }

    /// <summary>Records the start of the timed phase (the first producer about to claim).</summary>
    public void MarkStart() => Interlocked.CompareExchange(ref _startTimestamp, Stopwatch.GetTimestamp(), 0);

    /// <summary>Records the end of the timed phase and wakes the caller.</summary>
    public void MarkEnd()
    {
        Volatile.Write(ref _endTimestamp, Stopwatch.GetTimestamp());
        Done.Set();
    }

    /// <summary>Returns the timed phase of the last run and clears the start for the next.</summary>
    public TimeSpan TakeElapsed()
    {
        var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref _startTimestamp), Volatile.Read(ref _endTimestamp));
        Volatile.Write(ref _startTimestamp, 0);
        return elapsed;
    }
}
