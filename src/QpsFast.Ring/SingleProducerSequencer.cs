using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>
/// The sequencer for exactly one producer thread. Claims are plain field updates; the minimum gating sequence is
/// cached, so the consumers' sequences are read only when the cached value says the ring may be full.
/// </summary>
public sealed class SingleProducerSequencer : Sequencer
{
    // mutable struct: no readonly. Written by the producer thread only, padded away from everything else.
    private ProducerFields _fields;

    /// <summary>Creates a sequencer for a ring of <paramref name="bufferSize"/> slots.</summary>
    public SingleProducerSequencer(int bufferSize) : base(bufferSize)
    {
        _fields.NextValue = Sequence.InitialValue;
        _fields.CachedGatingValue = Sequence.InitialValue;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next() => Next(1);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        CheckClaim(n);
        long nextValue = _fields.NextValue;
        long nextSequence = nextValue + n;
        long wrapPoint = nextSequence - _bufferSize;
        long cached = _fields.CachedGatingValue;
        if (wrapPoint > cached || cached > nextValue)
            WaitForCapacity(wrapPoint, nextValue);
        _fields.NextValue = nextSequence;
        return nextSequence;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long wrapPoint, long nextValue)
    {
        // Store-load fence: the slot writes and cursor release before this point must not be reordered after the
        // reads of the consumers' sequences below.
        Interlocked.MemoryBarrier();
        var spin = new SpinWait();
        long min;
        while (wrapPoint > (min = SequenceGroup.Min(_gatingSequences, nextValue)))
        {
            ThrowIfFaulted();
            spin.SpinOnce(sleep1Threshold: -1);
        }
        _fields.CachedGatingValue = min;
    }

    /// <inheritdoc />
    public override bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        CheckClaim(n);
        long nextValue = _fields.NextValue;
        if (!HasCapacity(n, nextValue))
        {
            sequence = default;
            return false;
        }
        sequence = _fields.NextValue = nextValue + n;
        return true;
    }

    private bool HasCapacity(int required, long nextValue)
    {
        long wrapPoint = nextValue + required - _bufferSize;
        long cached = _fields.CachedGatingValue;
        if (wrapPoint > cached || cached > nextValue)
        {
            Interlocked.MemoryBarrier();
            long min = SequenceGroup.Min(_gatingSequences, nextValue);
            _fields.CachedGatingValue = min;
            if (wrapPoint > min)
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        _cursor.SetValue(sequence);
        Signal.Notify();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long lo, long hi) => Publish(hi);

    /// <inheritdoc />
    public override bool IsAvailable(long sequence)
    {
        long cursor = _cursor.Value;
        return sequence <= cursor && sequence > cursor - _bufferSize;
    }

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <inheritdoc />
    public override long RemainingCapacity()
    {
        long nextValue = _fields.NextValue;
        long consumed = SequenceGroup.Min(_gatingSequences, nextValue);
        return _bufferSize - (nextValue - consumed);
    }

    /// <summary>Producer-local claim state, padded on both sides.</summary>
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    internal struct ProducerFields
    {
        internal const int NextValueOffset = PaddingDescriptor.CacheLine;
        internal const int CachedGatingValueOffset = NextValueOffset + sizeof(long);
        internal const int Size = CachedGatingValueOffset + sizeof(long) + PaddingDescriptor.CacheLine;

        [FieldOffset(NextValueOffset)] public long NextValue;
        [FieldOffset(CachedGatingValueOffset)] public long CachedGatingValue;
    }
}
