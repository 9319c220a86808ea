namespace QpsFast.Ring.Tests;

public sealed class SequencerTests
{
    public static TheoryData<ProducerType> ProducerTypes => new() { ProducerType.Single, ProducerType.Multi };

    private static Sequencer Create(ProducerType type, int size) =>
        type == ProducerType.Single ? new SingleProducerSequencer(size) : new MultiProducerSequencer(size);

    [Theory]
    [MemberData(nameof(ProducerTypes))]
    public void NextAndPublish_ClaimsConsecutiveSequences_AndMakesThemAvailable(ProducerType type)
    {
        var sequencer = Create(type, 8);
        long first = sequencer.Next();
        long last = sequencer.Next(3);
        Assert.Equal(0, first);
        Assert.Equal(3, last);
        Assert.False(sequencer.IsAvailable(0));

        sequencer.Publish(first);
        Assert.True(sequencer.IsAvailable(0));
        Assert.False(sequencer.IsAvailable(1));

        sequencer.Publish(1, last);
        for (long s = 0; s <= 3; s++)
            Assert.True(sequencer.IsAvailable(s));
        Assert.Equal(3, sequencer.GetHighestPublishedSequence(0, 3));
        Assert.Equal(3, sequencer.Cursor.Value);
    }

    [Theory]
    [MemberData(nameof(ProducerTypes))]
    public void TryNext_ReturnsFalse_WhenTheRingIsFull(ProducerType type)
    {
        var sequencer = Create(type, 4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);

        Assert.True(sequencer.TryNext(4, out long hi));
        Assert.Equal(3, hi);
        sequencer.Publish(0, hi);
        Assert.Equal(0, sequencer.RemainingCapacity());

        Assert.False(sequencer.TryNext(out _));
        Assert.False(sequencer.TryNext(2, out _));

        consumer.SetValue(1); // two slots consumed
        Assert.False(sequencer.TryNext(3, out _));
        Assert.True(sequencer.TryNext(2, out long next));
        Assert.Equal(5, next);
        Assert.False(sequencer.TryNext(out _));
    }

    [Theory]
    [MemberData(nameof(ProducerTypes))]
    public void Next_DoesNotWrapPastTheSlowestGatingSequence(ProducerType type)
    {
        var sequencer = Create(type, 8);
        var fast = new Sequence();
        var slow = new Sequence();
        sequencer.AddGatingSequences(fast, slow);
        sequencer.Publish(0, sequencer.Next(8));
        fast.SetValue(7);
        slow.SetValue(2); // slots 0..2 free; slot 3 still unconsumed by the slow consumer

        Assert.Equal(10, sequencer.Next(3)); // takes the three free slots (8, 9, 10 map to 0, 1, 2)
        sequencer.Publish(8, 10);

        using var claimed = new ManualResetEventSlim();
        long claimedSequence = -1;
        var producer = new Thread(() =>
        {
            claimedSequence = sequencer.Next(); // 11 maps to slot 3: must wait for the slow consumer
            claimed.Set();
        });
        producer.Start();

        Assert.False(claimed.Wait(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(-1, Volatile.Read(ref claimedSequence));

        slow.SetValue(3);
        Assert.True(claimed.Wait(TimeSpan.FromSeconds(10)));
        producer.Join();
        Assert.Equal(11, claimedSequence);
    }

    [Fact]
    public void MultiProducer_OutOfOrderPublish_BecomesAvailableOnlyWhenContiguous()
    {
        var sequencer = new MultiProducerSequencer(8);
        long a = sequencer.Next();  // 0
        long b = sequencer.Next();  // 1
        long c = sequencer.Next(2); // 3 (claims 2, 3)
        Assert.Equal((0L, 1L, 3L), (a, b, c));

        sequencer.Publish(2, 3);
        Assert.Equal(-1, sequencer.GetHighestPublishedSequence(0, 3));
        sequencer.Publish(b);
        Assert.Equal(-1, sequencer.GetHighestPublishedSequence(0, 3));
        Assert.True(sequencer.IsAvailable(1));
        Assert.False(sequencer.IsAvailable(0));

        sequencer.Publish(a);
        Assert.Equal(3, sequencer.GetHighestPublishedSequence(0, 3));
    }

    [Fact]
    public void MultiProducer_Barrier_DoesNotExposeAClaimedButUnpublishedSlot()
    {
        var sequencer = new MultiProducerSequencer(8);
        var barrier = new SequenceBarrier(sequencer);
        long first = sequencer.Next();
        long second = sequencer.Next();
        sequencer.Publish(second);

        var wait = new YieldingWaitStrategy();
        Assert.Equal(-1, barrier.WaitFor(0, ref wait));
        sequencer.Publish(first);
        Assert.Equal(1, barrier.WaitFor(0, ref wait));
    }

    [Theory]
    [MemberData(nameof(ProducerTypes))]
    public void IsAvailable_IsFalse_ForASlotThatHasBeenOverwritten(ProducerType type)
    {
        var sequencer = Create(type, 4);
        sequencer.Publish(0, sequencer.Next(4));
        sequencer.Publish(4, sequencer.Next(4)); // no gating sequences: the producer may lap freely
        Assert.False(sequencer.IsAvailable(0));
        Assert.True(sequencer.IsAvailable(4));
        Assert.True(sequencer.IsAvailable(7));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-8)]
    public void Constructors_RejectSizesThatAreNotPowersOfTwo(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleProducerSequencer(size));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiProducerSequencer(size));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<long>(size));
    }

    [Theory]
    [MemberData(nameof(ProducerTypes))]
    public void Next_RejectsClaimsLargerThanTheRing(ProducerType type)
    {
        var sequencer = Create(type, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(5, out _));
    }

    [Fact]
    public void RingBuffer_MapsSequencesToSlotsWithTheMask()
    {
        var ring = new RingBuffer<long>(4);
        ring[1] = 11;
        Assert.Equal(11, ring[5]);
        ring[6] = 66;
        Assert.Equal(66, ring[2]);
    }

    [Fact]
    public void RingBuffer_Contiguous_StopsAtTheWrap()
    {
        var ring = new RingBuffer<long>(4);
        for (long s = 4; s < 8; s++)
            ring[s] = s;
        Assert.Equal([6, 7], ring.Contiguous(6, 3).ToArray()); // sequences 6 and 7, then it wraps to 8 (slot 0)
        Assert.Equal([8 - 4], ring.Contiguous(8, 1).ToArray());
        Assert.Equal([5, 6, 7], ring.Contiguous(5, 10).ToArray());
    }
}
