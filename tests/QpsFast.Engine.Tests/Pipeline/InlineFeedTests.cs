using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Pipeline;

/// <summary>
/// <see cref="EngineBuilder.InlineFeed"/>: the first stage runs inside each publish on the publishing thread. The
/// record stream is the one every other placement gives; the publishing thread allocates nothing in steady state; a
/// stage's fault stops the publisher at once.
/// </summary>
public sealed class InlineFeedTests
{
    [Fact]
    public void TheRecordStream_IsTheThreadedRunsOne_InEveryTopologyAndPlacement()
    {
        var records = EngineRun.Synthetic();
        var reference = EngineRun.Run(records).Stats;
        var variants = new (Topology Topology, WaitKind Wait, int Ring, bool InlineOutput)[]
        {
            (Topology.Fused, WaitKind.Yield, 1024, false),
            (Topology.Fused, WaitKind.Spin, 64, false),
            (Topology.Fused, WaitKind.Yield, 1024, true), // the whole pipeline on the publishing thread
            (Topology.Staged, WaitKind.Block, 64, false),  // the aggregator inline, the other stages on threads
            (Topology.Staged, WaitKind.Yield, 65536, true),
        };
        foreach (var (topology, wait, ring, inlineOutput) in variants)
        {
            var stats = EngineRun.Run(records, topology, wait, ring, inlineOutput: inlineOutput, inlineFeed: true).Stats;
            Assert.Equal((topology, wait, ring, inlineOutput, reference.Digest.Value, reference.Digest.Count), (topology, wait, ring, inlineOutput, stats.Digest.Value, stats.Digest.Count));
        }
    }

    [Fact]
    public void ThePublishingThread_RunsTheEngine_AndAllocatesNothing_OverAMillionEvents()
    {
        var records = EngineRun.Synthetic(21);
        const int warmup = 300_000, measured = 1_000_000;
        var threads = new int[1];
        var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4)) { InlineFeed = true }
            .Build(new ThreadProbe(threads), new StatsSink(new StreamStats()));
        long bytes = -1;
        int producerId = 0;
        var producer = new Thread(() =>
        {
            producerId = Environment.CurrentManagedThreadId;
            engine.Start(42, records[0].TimeNs);
            engine.Publish(records.AsSpan(0, warmup));
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.Publish(records.AsSpan(warmup, measured));
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            engine.Publish(records.AsSpan(warmup + measured));
            engine.Complete();
        });
        producer.Start();
        producer.Join();
        Assert.Equal(0, bytes); // the feed, the aggregator, the five alphas, risk, broker and portfolio, on this one thread
        Assert.True(engine.Core.Ledger.FillCount(0) > 0);
        Assert.Equal(producerId, threads[0]); // the engine's stage ran on the publishing thread
    }

    [Fact]
    public void AFaultInTheInlineStage_StopsThePublisherAtOnce_NamingTheInput()
    {
        var records = EngineRun.Synthetic(1);
        var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4)) { InlineFeed = true }
            .Build(new ThrowAt(1000), new StatsSink(new StreamStats()));
        engine.Start(42, records[0].TimeNs);
        var e = Assert.Throws<PipelineFaultedException>(() => engine.Publish(records));
        var handler = Assert.IsType<EventHandlerException>(e.InnerException);
        Assert.Equal(1000, handler.Sequence);
        Assert.True(engine.Published < 1000 + 64, $"published {engine.Published}: the publisher went on after the fault");
        Assert.Throws<PipelineFaultedException>(() => engine.Publish(records.AsSpan(2000, 1)));
        Assert.ThrowsAny<Exception>(engine.Complete);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dispose_StopsTheStages_KeepsTheCoreReadable_AndRefusesFurtherInputs(bool faulted)
    {
        var records = EngineRun.Synthetic(1);
        var builder = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4)) { Topology = Topology.Staged, RingSize = 1024 };
        var engine = faulted
            ? builder.Build(new ThrowAt(1000), new StatsSink(new StreamStats()))
            : builder.Build(new StatsSink(new StreamStats()));
        engine.Start(42, records[0].TimeNs);
        try
        {
            engine.Publish(records.AsSpan(0, 5000));
        }
        catch (PipelineFaultedException)
        {
            Assert.True(faulted);
        }
        // Not drained: the staged threads may still run; Dispose stops them before the ring's memory goes.
        engine.Dispose();
        engine.Dispose(); // once is enough; again is harmless
        Assert.All(engine.Stages, s => Assert.False(s.IsRunning));
        _ = engine.Core.Ledger.FillCount(0);
        Assert.Throws<ObjectDisposedException>(() => engine.Publish(records.AsSpan(5000, 10)));
        Assert.Throws<ObjectDisposedException>(() => engine.Publish(in records[5000]));
    }

    /// <summary>Records the thread it runs on.</summary>
    private readonly struct ThreadProbe(int[] thread) : IStrategy
    {
        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(AlphaIds.FirstUser, "probe"));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context) => thread[0] = Environment.CurrentManagedThreadId;
    }

    private readonly struct ThrowAt(int input) : IStrategy
    {
        private readonly int[] _seen = new int[1];

        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(AlphaIds.FirstUser, "thrower"));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context)
        {
            if (_seen[0]++ == input)
                throw new InvalidOperationException($"input {input}");
        }
    }
}
