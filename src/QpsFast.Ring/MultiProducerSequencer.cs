using System.Numerics;
using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// The sequencer for several concurrent producers. Claims advance the cursor with a CAS; publication is recorded
/// per slot in an availability buffer holding the lap number of the sequence last published there, so consumers see
/// a slot only once every slot below it has been published, even when producers publish out of order.
/// </summary>
public sealed unsafe class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingSequenceCache = new();
    private readonly int[] _availableBuffer;
    private readonly int* _available;
    private readonly int _indexMask;
    private readonly int _indexShift;

    /// <summary>Creates a sequencer for a ring of <paramref name="bufferSize"/> slots.</summary>
    public MultiProducerSequencer(int bufferSize) : base(bufferSize)
    {
        _availableBuffer = GC.AllocateArray<int>(bufferSize, pinned: true);
        _availableBuffer.AsSpan().Fill(-1);
        _available = (int*)Unsafe.AsPointer(ref _availableBuffer[0]);
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
    }

    /// <inheritdoc />
    public override long Next() => Next(1);

    /// <inheritdoc />
    public override long Next(int n)
    {
        CheckClaim(n);
        var spin = new SpinWait();
        while (true)
        {
            long current = _cursor.Value;
            long next = current + n;
            long wrapPoint = next - _bufferSize;
            long cached = _gatingSequenceCache.Value;
            if (wrapPoint > cached || cached > current)
            {
                long gating = SequenceGroup.Min(_gatingSequences, current);
                if (wrapPoint > gating)
                {
                    ThrowIfFaulted();
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                _gatingSequenceCache.SetValue(gating);
            }
            else if (_cursor.CompareAndSet(current, next))
            {
                return next;
            }
        }
    }

    /// <inheritdoc />
    public override bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <inheritdoc />
    public override bool TryNext(int n, out long sequence)
    {
        CheckClaim(n);
        while (true)
        {
            long current = _cursor.Value;
            long next = current + n;
            if (!HasCapacity(n, current))
            {
                sequence = default;
                return false;
            }
            if (_cursor.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    private bool HasCapacity(int required, long cursorValue)
    {
        long wrapPoint = cursorValue + required - _bufferSize;
        long cached = _gatingSequenceCache.Value;
        if (wrapPoint > cached || cached > cursorValue)
        {
            long min = SequenceGroup.Min(_gatingSequences, cursorValue);
            _gatingSequenceCache.SetValue(min);
            if (wrapPoint > min)
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        Signal.Notify();
    }

    /// <inheritdoc />
    public override void Publish(long lo, long hi)
    {
        for (long s = lo; s <= hi; s++)
            SetAvailable(s);
        Signal.Notify();
    }

    // Release write: the slot's contents are visible before its lap number is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence) =>
        Volatile.Write(ref _available[(int)sequence & _indexMask], (int)(sequence >>> _indexShift));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref _available[(int)sequence & _indexMask]) == (int)(sequence >>> _indexShift);

    /// <inheritdoc />
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long s = lowerBound; s <= availableSequence; s++)
        {
            if (!IsAvailable(s))
                return s - 1;
        }
        return availableSequence;
    }

    /// <inheritdoc />
    public override long RemainingCapacity()
    {
        long produced = _cursor.Value;
        long consumed = SequenceGroup.Min(_gatingSequences, produced);
        return _bufferSize - (produced - consumed);
    }
}
