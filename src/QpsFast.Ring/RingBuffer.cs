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
/// batch the producer is writing. A ring of 1 MiB of slots or more (an engine's ring: 1,024 slots are 4.3 MB) lives in
/// native memory on transparent huge pages (<see cref="RingMemory"/>), freed when the ring is collected; a smaller one
/// is a pinned array, handed on to the next ring of its size once released (<see cref="Release"/>).
/// </remarks>
/// <typeparam name="T">The slot type.</typeparam>
public sealed unsafe class RingBuffer<T> where T : unmanaged
{
    private readonly byte[]? _storage; // small rings: a pinned array
    private readonly RingMemory? _memory; // large rings: native memory on huge pages, freed when the ring is collected
    private readonly byte* _storageStart;
    private readonly T* _first;
    private readonly long _mask;
    private int _released;

    // The storage of the small ring released last, taken (cleared) by the next small ring of the same length instead of
    // fresh pages: on this project's VM a first touch of a page costs about 13 µs, and a process that builds engine
    // after engine (replays, sweep trials) would pay it for every ring (performance/replay.md).
    private static byte[]? s_spareStorage;

    /// <summary>Storage from this size up is native memory on huge pages (<see cref="RingMemory"/>); smaller rings are a pinned array.</summary>
    internal const long NativeStorageBytes = 1 << 20;

    /// <summary>Creates a ring of <paramref name="bufferSize"/> zeroed slots.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not a power of two, or is below 1.</exception>
    public RingBuffer(int bufferSize)
    {
        if (bufferSize < 1 || !BitOperations.IsPow2(bufferSize))
            ThrowHelper.ThrowBufferSizeNotPowerOfTwo(bufferSize);

        const int line = PaddingDescriptor.CacheLine;
        const int pad = PaddingDescriptor.RingEndPadding;
        long slotBytes = (long)bufferSize * sizeof(T);
        byte* start;
        if (slotBytes >= NativeStorageBytes)
        {
            // A mapping of its own, aligned to 2 MiB: nothing else shares its lines, and its pages are huge.
            _memory = RingMemory.Allocate(pad + slotBytes + pad);
            start = _memory.Start;
            StorageLength = _memory.Length;
        }
        else
        {
            // pad | slots | pad, plus up to one line of slack to move the first slot onto a line boundary.
            int length = checked((int)(pad + slotBytes + pad + line));
            var spare = Interlocked.Exchange(ref s_spareStorage, null);
            if (spare?.Length == length)
            {
                Array.Clear(spare);
                _storage = spare;
            }
            else
            {
                if (spare is not null)
                    Interlocked.CompareExchange(ref s_spareStorage, spare, null);
                _storage = GC.AllocateArray<byte>(length, pinned: true);
            }
            start = (byte*)Unsafe.AsPointer(ref _storage[0]);
            StorageLength = _storage.Length;
        }
        byte* first = (byte*)(((nuint)(start + pad) + line - 1) & ~(nuint)(line - 1));
        _first = (T*)first;
        _storageStart = start;
        _mask = bufferSize - 1;
        BufferSize = bufferSize;
        PaddingBytesBefore = (int)(first - start);
        PaddingBytesAfter = (int)(StorageLength - PaddingBytesBefore - slotBytes);
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
    internal nuint StorageAddress => (nuint)_storageStart;

    /// <summary>Returns the backing storage's length in bytes (for layout tests).</summary>
    internal long StorageLength { get; }

    /// <summary>
    /// Returns a large ring's memory to the OS now, rather than when the ring is collected; a small ring's array is
    /// kept for the next small ring of its size. Nothing may touch the ring afterwards: call it once every producer and
    /// consumer has stopped. A second call does nothing.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        if (_memory is not null)
            _memory.Dispose();
        else
            Volatile.Write(ref s_spareStorage, _storage);
    }

    /// <summary>Returns whether the slots are on huge pages (a large ring on Linux with transparent huge pages).</summary>
    public bool HugePages => _memory?.HugePages ?? false;
}
