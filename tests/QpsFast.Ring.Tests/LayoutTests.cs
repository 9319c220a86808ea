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
