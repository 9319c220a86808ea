namespace QpsFast.Ring.Tests;

/// <summary>
/// Exactly-once, in-order delivery under stress, for every topology, run once per wait strategy by the subclasses.
/// A 64-slot ring is lapped 100,000 times in each test.
/// </summary>
public abstract class DeliveryContract<TWait> where TWait : struct, IWaitStrategy
{
    protected const int BufferSize = 64;
    protected const long Wraps = 100_000;
    protected const long Events = BufferSize * Wraps;

    protected abstract TWait CreateWait();

    private static void Run(Pipeline<StressEvent> pipeline, int producers, long total)
    {
        Assert.True(total / pipeline.Ring.BufferSize >= Wraps);
        pipeline.Start();
        long perProducer = total / producers;
        var threads = new Thread[producers];
        var errors = new Exception?[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            threads[p] = new Thread(() =>
            {
                try { StressProducer.Produce(pipeline.Sequencer, pipeline.Ring, id, perProducer); }
                catch (Exception e) { errors[id] = e; }
            });
            threads[p].Start();
        }
        foreach (var t in threads)
            t.Join();
        Assert.All(errors, Assert.Null);
        pipeline.DrainAndStop(total - 1);
    }

    private static void AssertDelivered(in VerifyingHandler h, int producers, long perProducer, long expectedChecksum)
    {
        Assert.Equal(producers * perProducer, h.Count);
        Assert.Equal(expectedChecksum, h.Checksum);
        for (int p = 0; p < producers; p++)
            Assert.Equal(perProducer, h.NextFor(p));
        Assert.True(h.Batches >= 1 && h.Batches <= h.Count);
    }

    private static readonly Lazy<long> s_oneProducerChecksum = new(() => VerifyingHandler.ExpectedChecksum(1, Events));
    private static readonly Lazy<long> s_threeProducerChecksum = new(() => VerifyingHandler.ExpectedChecksum(3, Events / 3));

    [Fact]
    public void OneProducerOneConsumer_DeliversEveryEventOnceInOrder()
    {
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var c = b.AddStage("c", new VerifyingHandler(1), CreateWait());
        Run(b.Build(), 1, Events);
        AssertDelivered(c.Handler, 1, Events, s_oneProducerChecksum.Value);
    }

    [Fact]
    public void OneProducerThreeConsumerPipeline_EachStageSeesTheEarlierStagesWork()
    {
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var s1 = b.AddStage("s1", new VerifyingHandler(1, stamp: 1), CreateWait());
        var s2 = b.AddStage("s2", new VerifyingHandler(1, stamp: 2, requires: 1), CreateWait(), s1);
        var s3 = b.AddStage("s3", new VerifyingHandler(1, stamp: 3, requires: 3), CreateWait(), s2);
        Run(b.Build(), 1, Events);
        foreach (var h in new[] { s1.Handler, s2.Handler, s3.Handler })
            AssertDelivered(h, 1, Events, s_oneProducerChecksum.Value);
    }

    [Fact]
    public void OneProducerThreeConsumerMulticast_EveryConsumerSeesEveryEvent()
    {
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var c1 = b.AddStage("c1", new VerifyingHandler(1), CreateWait());
        var c2 = b.AddStage("c2", new VerifyingHandler(1), CreateWait());
        var c3 = b.AddStage("c3", new VerifyingHandler(1), CreateWait());
        Run(b.Build(), 1, Events);
        foreach (var h in new[] { c1.Handler, c2.Handler, c3.Handler })
            AssertDelivered(h, 1, Events, s_oneProducerChecksum.Value);
    }

    [Fact]
    public void Diamond_JoinStageSeesBothBranches()
    {
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var a = b.AddStage("a", new VerifyingHandler(1, stamp: 1), CreateWait());
        var bb = b.AddStage("b", new VerifyingHandler(1, stamp: 2), CreateWait());
        var c = b.AddStage("c", new VerifyingHandler(1, stamp: 3, requires: 3), CreateWait(), a, bb);
        Run(b.Build(), 1, Events);
        foreach (var h in new[] { a.Handler, bb.Handler, c.Handler })
            AssertDelivered(h, 1, Events, s_oneProducerChecksum.Value);
    }

    [Fact]
    public void ThreeProducersOneConsumer_DeliversEachProducersEventsOnceInOrder()
    {
        var b = new PipelineBuilder<StressEvent>(BufferSize, ProducerType.Multi);
        var c = b.AddStage("c", new VerifyingHandler(3), CreateWait());
        long total = Events / 3 * 3 + 3 * BufferSize; // keep at least 100,000 laps with three equal shares
        long perProducer = total / 3;
        Run(b.Build(), 3, perProducer * 3);
        AssertDelivered(c.Handler, 3, perProducer, VerifyingHandler.ExpectedChecksum(3, perProducer));
    }

    [Fact]
    public void HaltUnderLoad_ThenRestart_DeliversEverythingExactlyOnce()
    {
        const long total = 2_000_000;
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var s1 = b.AddStage("s1", new VerifyingHandler(1, stamp: 1), CreateWait());
        var s2 = b.AddStage("s2", new VerifyingHandler(1, requires: 1), CreateWait(), s1);
        var pipeline = b.Build();
        pipeline.Start();
        var producer = new Thread(() => StressProducer.Produce(pipeline.Sequencer, pipeline.Ring, 0, total));
        producer.Start();

        var spin = new SpinWait();
        while (s2.Sequence.Value < total / 4)
            spin.SpinOnce(sleep1Threshold: -1);
        pipeline.Halt();
        pipeline.Join();
        Assert.False(s1.IsRunning);
        Assert.False(s2.IsRunning);
        long haltedAt = s2.Sequence.Value;
        Assert.True(haltedAt < total - 1, "halted before the end");
        Thread.Sleep(50);
        Assert.Equal(haltedAt, s2.Sequence.Value); // nothing moves while halted
        Assert.Equal(haltedAt + 1, s2.Handler.Count);

        pipeline.Start();
        producer.Join();
        pipeline.DrainAndStop(total - 1);
        AssertDelivered(s1.Handler, 1, total, VerifyingHandler.ExpectedChecksum(1, total));
        AssertDelivered(s2.Handler, 1, total, VerifyingHandler.ExpectedChecksum(1, total));
    }

    [Fact]
    public void HandlerException_HaltsThePipeline_AndSurfacesTheSequence_AndRestartResumesThere()
    {
        const long total = 500_000;
        const long failAt = 123_457;
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var s1 = b.AddStage("s1", new VerifyingHandler(1, stamp: 1), CreateWait());
        var s2 = b.AddStage("s2", new FailOnceHandler(failAt), CreateWait(), s1);
        var s3 = b.AddStage("s3", new VerifyingHandler(1, requires: 1), CreateWait(), s2);
        var pipeline = b.Build();
        pipeline.Start();

        Exception? producerError = null;
        var producer = new Thread(() =>
        {
            try { StressProducer.Produce(pipeline.Sequencer, pipeline.Ring, 0, total); }
            catch (Exception e) { producerError = e; }
        });
        producer.Start();
        producer.Join();

        var fault = Assert.Throws<EventHandlerException>(pipeline.Join);
        Assert.Equal(failAt, fault.Sequence);
        Assert.Equal("s2", fault.ProcessorName);
        Assert.Contains("123457", fault.Message);
        Assert.IsType<InvalidOperationException>(fault.InnerException);
        Assert.IsType<PipelineFaultedException>(producerError); // the producer was told, not left spinning
        Assert.Equal(failAt - 1, s2.Sequence.Value);
        Assert.True(s3.Sequence.Value <= failAt - 1);
        Assert.Equal(failAt, s2.Handler.Count);

        // Restart: the failed event is handled again, nothing is skipped, and the rest flows through.
        pipeline.Start();
        long resumedFrom = pipeline.Sequencer.Cursor.Value + 1; // single producer: the cursor is the last published
        StressProducer.ProduceFrom(pipeline.Sequencer, pipeline.Ring, 0, start: resumedFrom, total - resumedFrom);
        pipeline.DrainAndStop(total - 1);
        Assert.Equal(total, s3.Handler.Count);
        Assert.Equal(total - 1, s3.Handler.LastSequence);
        Assert.Equal(total + 1, s2.Handler.Count + s2.Handler.Failures);
        Assert.Equal(1, s2.Handler.Failures);
    }

    [Fact]
    public void SteadyState_AllocatesZeroBytes_OnTheProducerAndEveryConsumerThread()
    {
        const long warmup = 300_000;
        const long measured = 1_000_000;
        var b = new PipelineBuilder<StressEvent>(BufferSize);
        var s1 = b.AddStage("s1", new AllocationProbe(warmup, warmup + measured - 1), CreateWait());
        var s2 = b.AddStage("s2", new AllocationProbe(warmup, warmup + measured - 1), CreateWait(), s1);
        var s3 = b.AddStage("s3", new AllocationProbe(warmup, warmup + measured - 1), CreateWait(), s2);
        var pipeline = b.Build();
        pipeline.Start();

        long producerAllocated = -1;
        var producer = new Thread(() =>
        {
            StressProducer.Produce(pipeline.Sequencer, pipeline.Ring, 0, warmup);
            long before = GC.GetAllocatedBytesForCurrentThread();
            StressProducer.ProduceFrom(pipeline.Sequencer, pipeline.Ring, 0, warmup, measured);
            producerAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        producer.Start();
        producer.Join();
        pipeline.DrainAndStop(warmup + measured - 1);

        Assert.Equal(0, producerAllocated);
        foreach (var h in new[] { s1.Handler, s2.Handler, s3.Handler })
        {
            Assert.True(h.Measured, "probe saw both ends of the measured window");
            Assert.Equal(0, h.AllocatedBytes);
        }
    }
}

public sealed class BusySpinDeliveryTests : DeliveryContract<BusySpinWaitStrategy>
{
    protected override BusySpinWaitStrategy CreateWait() => new();
}

public sealed class YieldingDeliveryTests : DeliveryContract<YieldingWaitStrategy>
{
    protected override YieldingWaitStrategy CreateWait() => new();
}

public sealed class SleepingDeliveryTests : DeliveryContract<SleepingWaitStrategy>
{
    protected override SleepingWaitStrategy CreateWait() => new(sleepMicroseconds: 50);
}

public sealed class BlockingDeliveryTests : DeliveryContract<BlockingWaitStrategy>
{
    protected override BlockingWaitStrategy CreateWait() => new(TimeSpan.FromMilliseconds(50));
}
