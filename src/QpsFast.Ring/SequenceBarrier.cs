using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// What a consumer waits on: the producer cursor when it is a first stage, otherwise the sequences of the stages it
/// depends on (pipeline A→B→C, diamond A,B→C). A barrier can be alerted to stop its waiting processor.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequence _single;
    private readonly Sequence[]? _dependents;
    private readonly MultiProducerSequencer? _availability;
    private volatile bool _alerted;

    /// <summary>Creates a barrier on <paramref name="sequencer"/> that also waits for <paramref name="dependents"/>.</summary>
    public SequenceBarrier(Sequencer sequencer, params ReadOnlySpan<Sequence> dependents)
    {
        Sequencer = sequencer;
        Signal = sequencer.Signal;
        if (dependents.Length == 0)
        {
            _single = sequencer.Cursor;
            // A multi-producer cursor counts claims; a first-stage consumer must also check per-slot availability.
            // Downstream stages need no check: an upstream stage only advances past published slots.
            _availability = sequencer as MultiProducerSequencer;
        }
        else if (dependents.Length == 1)
        {
            _single = dependents[0];
        }
        else
        {
            _single = dependents[0];
            _dependents = dependents.ToArray();
        }
    }

    /// <summary>Returns the sequencer this barrier reads.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>Returns the signal blocking waiters sleep on.</summary>
    public WaitSignal Signal { get; }

    /// <summary>Returns the highest sequence every dependency has reached (acquire reads).</summary>
    public long DependentValue
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var dependents = _dependents;
            return dependents is null ? _single.Value : SequenceGroup.Min(dependents);
        }
    }

    /// <summary>Returns whether the barrier has been alerted (a halt was requested).</summary>
    public bool IsAlerted
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _alerted;
    }

    /// <summary>
    /// Waits with <typeparamref name="TWait"/> until <paramref name="sequence"/> is available, and returns the highest
    /// available sequence. Returns a value below <paramref name="sequence"/> if alerted or timed out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor<TWait>(long sequence, ref TWait wait) where TWait : struct, IWaitStrategy
    {
        long available = wait.WaitFor(sequence, this);
        if (available < sequence || _availability is null)
            return available;
        return _availability.GetHighestPublishedSequence(sequence, available);
    }

    /// <summary>Alerts the barrier and wakes a blocked waiter.</summary>
    public void Alert()
    {
        _alerted = true;
        Signal.NotifyAlways();
    }

    /// <summary>Clears the alert, before a restart.</summary>
    public void ClearAlert() => _alerted = false;
}
