using System.Runtime.CompilerServices;

namespace QpsFast.Ring.Tests;

/// <summary>Asserts the sizes and field offsets of every padded type, so a refactor cannot silently undo the padding.</summary>
public sealed class LayoutTests
{
    private sealed class RawData
    {
        public byte Data = 0;
    }

    private static long OffsetInObject(object o, ref long field) =>
        Unsafe.ByteOffset(ref Unsafe.As<RawData>(o).Data, ref Unsafe.As<long, byte>(ref field));

    [Fact]
    public void PaddedLong_Is128Bytes_WithTheValueAtOffset64()
    {
        Assert.Equal(128, Unsafe.SizeOf<PaddedLong>());
        var p = new PaddedLong();
        Assert.Equal(64, (long)Unsafe.ByteOffset(ref Unsafe.As<PaddedLong, byte>(ref p), ref Unsafe.As<long, byte>(ref p.Value)));
    }

    [Fact]
    public void Sequence_ValueHas64BytesBeforeAnd56After_InsideTheObject()
    {
        var s = new Sequence(42);
        long offset = OffsetInObject(s, ref s.ValueRef);
        Assert.Equal(PaddingDescriptor.PaddedLongValueOffset, offset);
        Assert.Equal(42, s.Value);
        // 64 bytes of our padding sit before the value (plus the object header), 56 after it.
        Assert.Equal(56, PaddingDescriptor.PaddedLongSize - offset - sizeof(long));
    }

    [Fact]
    public void SingleProducerFields_ArePaddedOnBothSides()
    {
        Assert.Equal(SingleProducerSequencer.ProducerFields.Size, Unsafe.SizeOf<SingleProducerSequencer.ProducerFields>());
        Assert.Equal(64 + 8 + 8 + 64, SingleProducerSequencer.ProducerFields.Size);
        var f = new SingleProducerSequencer.ProducerFields();
        ref byte start = ref Unsafe.As<SingleProducerSequencer.ProducerFields, byte>(ref f);
        Assert.Equal(64, (long)Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref f.NextValue)));
        Assert.Equal(72, (long)Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref f.CachedGatingValue)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1024)]
    public void RingBuffer_PadsBothEnds_WithAtLeast128Bytes_AndAlignsTheFirstSlot(int size)
    {
        AssertRingLayout<StressEvent>(size);  // 48-byte slots
        AssertRingLayout<long>(size);         // 8-byte slots
        AssertRingLayout<PaddedLong>(size);   // 128-byte slots: a multiple of the line
    }

    [Fact]
    public unsafe void LargeRing_IsNativeMemory_AlignedToAHugePage_Zeroed_AndAdvisedForHugePages()
    {
        const int size = 1 << 14; // 16,384 slots of 128 bytes: 2 MiB, above the native threshold
        AssertRingLayout<PaddedLong>(size);
        var ring = new RingBuffer<PaddedLong>(size);
        Assert.True((long)size * sizeof(PaddedLong) >= RingBuffer<PaddedLong>.NativeStorageBytes);
        for (int i = 0; i < size; i++)
            Assert.Equal(0, ring[i].Value);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0u, ring.StorageAddress % RingMemory.HugePage);
            // madvise(MADV_HUGEPAGE) fails only where the kernel has no transparent huge pages at all.
            bool thp = File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
                && !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]");
            Assert.Equal(thp, ring.HugePages);
        }
        else
        {
            Assert.False(ring.HugePages);
        }
        // The memory is written and read back through the pointer the slots use, end to end.
        for (int i = 0; i < size; i++)
            ring[i].Value = i;
        Assert.Equal(size - 1, ring[size - 1].Value);
        Assert.Equal(0, ring[size].Value);
    }

    [Fact]
    public void SmallRing_IsAPinnedArray_WithoutHugePages()
    {
        var ring = new RingBuffer<long>(1024); // 8 KB
        Assert.False(ring.HugePages);
        Assert.True(ring.StorageLength < RingBuffer<long>.NativeStorageBytes);
    }

    [Fact]
    public void ReleasedSmallRing_GivesItsPagesToTheNextRingOfItsSize_Cleared_Once()
    {
        // A slot type of this test's own: the spare is per slot type, so no other test's rings take it.
        var first = new RingBuffer<SpareProbe>(64);
        for (int i = 0; i < 64; i++)
            first[i].Value = i + 1;
        nuint pages = first.StorageAddress;
        first.Release();
        first.Release(); // a second release does nothing: the pages go to one ring only

        var other = new RingBuffer<SpareProbe>(128); // another size: fresh pages, the spare stays
        Assert.NotEqual(pages, other.StorageAddress);
        var second = new RingBuffer<SpareProbe>(64);
        Assert.Equal(pages, second.StorageAddress);
        for (int i = 0; i < 64; i++)
            Assert.Equal(0, second[i].Value);
        var third = new RingBuffer<SpareProbe>(64);
        Assert.NotEqual(pages, third.StorageAddress);
        GC.KeepAlive(other);
        GC.KeepAlive(third);
    }

    private struct SpareProbe
    {
        public long Value;
    }

    private static unsafe void AssertRingLayout<T>(int size) where T : unmanaged
    {
        var ring = new RingBuffer<T>(size);
        Assert.True(ring.PaddingBytesBefore >= PaddingDescriptor.RingEndPadding, "padding before the first slot");
        Assert.True(ring.PaddingBytesAfter >= PaddingDescriptor.RingEndPadding, "padding after the last slot");
        Assert.Equal(0u, ring.FirstSlotAddress % PaddingDescriptor.CacheLine);
        Assert.Equal(ring.StorageAddress + (nuint)ring.PaddingBytesBefore, ring.FirstSlotAddress);
        Assert.Equal(ring.StorageLength, ring.PaddingBytesBefore + size * sizeof(T) + ring.PaddingBytesAfter);
        Assert.Equal(ring.FirstSlotAddress, (nuint)Unsafe.AsPointer(ref ring[0]));
        Assert.Equal(ring.FirstSlotAddress + (nuint)((size - 1) * sizeof(T)), (nuint)Unsafe.AsPointer(ref ring[size - 1]));
        Assert.True(Unsafe.AreSame(ref ring[size], ref ring[0]));
    }
}
