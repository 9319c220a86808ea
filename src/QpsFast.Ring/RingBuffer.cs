using System.Numerics;
using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// Preallocated, power-of-two storage of unmanaged slots, padded at both ends so that no other object shares
/// a cache line with the first or last slot. Slots are reached by sequence number with a mask, through a pointer
/// into pinned, zeroed memory: no bounds checks, no allocation.
/// </summary>
/// <remarks>
/// The first slot is aligned to a 64-byte cache line, so a batch of whole lines never shares a line with the next
/// batch the producer is writing.
/// </remarks>
/// <typeparam name="T">The slot type.</typeparam>
public sealed unsafe class RingBuffer<T> where T : unmanaged
{
    private readonly byte[] _storage;
    private readonly T* _first;
    private readonly long _mask;

    /// <summary>Creates a ring of <paramref name="bufferSize"/> zeroed slots.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not a power of two, or is below 1.</exception>
    public RingBuffer(int bufferSize)
    {
        if (bufferSize < 1 || !BitOperations.IsPow2(bufferSize))
            ThrowHelper.ThrowBufferSizeNotPowerOfTwo(bufferSize);

        const int line = PaddingDescriptor.CacheLine;
        const int pad = PaddingDescriptor.RingEndPadding;
        long slotBytes = (long)bufferSize * sizeof(T);
        // pad | slots | pad, plus up to one line of slack to move the first slot onto a line boundary.
        _storage = GC.AllocateArray<byte>(checked((int)(pad + slotBytes + pad + line)), pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref _storage[0]);
        byte* first = (byte*)(((nuint)(start + pad) + line - 1) & ~(nuint)(line - 1));
        _first = (T*)first;
        _mask = bufferSize - 1;
        BufferSize = bufferSize;
        PaddingBytesBefore = (int)(first - start);
        PaddingBytesAfter = (int)(_storage.Length - PaddingBytesBefore - slotBytes);
    }

    /// <summary>Returns the number of slots.</summary>
    public int BufferSize { get; }

    /// <summary>Returns the bytes of padding before the first slot.</summary>
    public int PaddingBytesBefore { get; }

    /// <summary>Returns the bytes of padding after the last slot.</summary>
    public int PaddingBytesAfter { get; }

    /// <summary>Returns a reference to the slot that <paramref name="sequence"/> maps to.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _first[sequence & _mask];
    }

    /// <summary>
    /// Returns up to <paramref name="count"/> slots starting at the one <paramref name="sequence"/> maps to, stopping
    /// at the end of the array: a range that wraps takes a second call.
    /// </summary>
    public Span<T> Contiguous(long sequence, int count)
    {
        long index = sequence & _mask;
        return new Span<T>(_first + index, (int)Math.Min(count, BufferSize - index));
    }

    /// <summary>Returns the address of the first slot (for layout tests).</summary>
    internal nuint FirstSlotAddress => (nuint)_first;

    /// <summary>Returns the address of the backing storage's first byte (for layout tests).</summary>
    internal nuint StorageAddress => (nuint)Unsafe.AsPointer(ref _storage[0]);

    /// <summary>Returns the backing storage's length in bytes (for layout tests).</summary>
    internal int StorageLength => _storage.Length;
}
