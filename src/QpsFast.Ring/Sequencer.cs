using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// Coordinates claiming and publishing of ring slots by producers, and keeps producers from lapping the slowest
/// consumer through gating sequences. <see cref="SingleProducerSequencer"/> and <see cref="MultiProducerSequencer"/>
/// are sealed, so calls through a reference of the concrete type are direct and inlinable.
/// </summary>
public abstract class Sequencer
{
    private protected readonly Sequence _cursor = new();
    private protected readonly int _bufferSize;
    // Replaced as a whole (copy on write) during setup; read by producers in the slow path only.
    private protected volatile Sequence[] _gatingSequences = [];
    private volatile Exception? _fault;

    private protected Sequencer(int bufferSize)
    {
        if (bufferSize < 1 || (bufferSize & (bufferSize - 1)) != 0)
            ThrowHelper.ThrowBufferSizeNotPowerOfTwo(bufferSize);
        _bufferSize = bufferSize;
    }

    /// <summary>Returns the number of slots in the ring this sequencer guards.</summary>
    public int BufferSize => _bufferSize;

    /// <summary>
    /// Returns the cursor: for a single producer, the highest published sequence; for several producers, the highest
    /// claimed one (availability is then tracked per slot).
    /// </summary>
    public Sequence Cursor => _cursor;

    /// <summary>Returns the signal that blocking wait strategies sleep on; it is inert until enabled.</summary>
    public WaitSignal Signal { get; } = new();

    /// <summary>Returns the fault that stopped the pipeline, if any.</summary>
    public Exception? Fault => _fault;

    /// <summary>Claims the next slot, waiting while the ring is full, and returns its sequence.</summary>
    /// <exception cref="PipelineFaultedException">A consumer faulted while the producer waited for capacity.</exception>
    public abstract long Next();

    /// <summary>Claims the next <paramref name="n"/> slots, waiting while the ring is full, and returns the highest claimed sequence.</summary>
    /// <exception cref="PipelineFaultedException">A consumer faulted while the producer waited for capacity.</exception>
    public abstract long Next(int n);

    /// <summary>Claims the next slot if there is room; returns <see langword="false"/> when the ring is full.</summary>
    public abstract bool TryNext(out long sequence);

    /// <summary>Claims the next <paramref name="n"/> slots if there is room; returns <see langword="false"/> when the ring is full.</summary>
    public abstract bool TryNext(int n, out long sequence);

    /// <summary>Publishes <paramref name="sequence"/>, making its slot visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Publishes the claimed range <paramref name="lo"/> to <paramref name="hi"/>, inclusive.</summary>
    public abstract void Publish(long lo, long hi);

    /// <summary>Returns whether <paramref name="sequence"/> has been published and not yet overwritten.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>
    /// Returns the highest sequence in <paramref name="lowerBound"/>..<paramref name="availableSequence"/> below which
    /// every slot has been published.
    /// </summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>Returns how many slots can be claimed right now without waiting.</summary>
    public abstract long RemainingCapacity();

    /// <summary>
    /// Adds sequences that producers must not lap. Each starts at the current cursor. Call before producers start.
    /// </summary>
    public void AddGatingSequences(params ReadOnlySpan<Sequence> sequences)
    {
        var current = _gatingSequences;
        var updated = new Sequence[current.Length + sequences.Length];
        current.CopyTo(updated, 0);
        long cursor = _cursor.Value;
        for (int i = 0; i < sequences.Length; i++)
        {
            sequences[i].SetValue(cursor);
            updated[current.Length + i] = sequences[i];
        }
        _gatingSequences = updated;
    }

    /// <summary>Returns the smallest gating sequence, or the cursor if there are none.</summary>
    public long GetMinimumGatingSequence() => SequenceGroup.Min(_gatingSequences, _cursor.Value);

    /// <summary>Marks the pipeline faulted: producers waiting for capacity stop with <see cref="PipelineFaultedException"/>.</summary>
    public void SetFault(Exception fault)
    {
        _fault = fault;
        Signal.NotifyAlways();
    }

    /// <summary>Clears a fault so the pipeline can be restarted.</summary>
    public void ClearFault() => _fault = null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void CheckClaim(int n)
    {
        if ((uint)(n - 1) >= (uint)_bufferSize)
            ThrowHelper.ThrowClaimOutOfRange(n, _bufferSize);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected void ThrowIfFaulted()
    {
        var fault = _fault;
        if (fault is not null)
            ThrowHelper.ThrowPipelineFaulted(fault);
    }
}
