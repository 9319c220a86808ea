using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Pipeline;

public sealed class PipelineTests
{
    [Fact]
    public void SameInput_GivesTheSameDigest_AcrossTopologiesRingSizesWaitStrategiesAndOutputPlacement()
    {
        var records = EngineRun.Synthetic();
        var reference = EngineRun.Run(records).Stats;
        Assert.True(reference.CountOf(RecordKind.Fill) > 100);
        var variants = new (Topology Topology, WaitKind Wait, int Ring, bool Inline, WaitKind? OutputWait)[]
        {
            (Topology.Fused, WaitKind.Yield, 1024, false, null),     // a second identical run
            (Topology.Staged, WaitKind.Yield, 1024, false, null),
            (Topology.Fused, WaitKind.Yield, 64, false, null),
            (Topology.Fused, WaitKind.Yield, 65536, false, null),
            (Topology.Fused, WaitKind.Block, 1024, false, null),
            (Topology.Staged, WaitKind.Block, 64, false, null),
            (Topology.Fused, WaitKind.Yield, 1024, true, null),
            (Topology.Staged, WaitKind.Block, 64, true, null),
            (Topology.Fused, WaitKind.Yield, 64, false, WaitKind.Sleep),
            (Topology.Staged, WaitKind.Yield, 1024, false, WaitKind.Block),
        };
        foreach (var (topology, wait, ring, inline, outputWait) in variants)
        {
            var stats = EngineRun.Run(records, topology, wait, ring, inlineOutput: inline, outputWait: outputWait).Stats;
            Assert.Equal((topology, wait, ring, inline, outputWait, reference.Digest.Value, reference.Digest.Count), (topology, wait, ring, inline, outputWait, stats.Digest.Value, stats.Digest.Count));
        }
        // Threads pinned (engine and output on one CPU, the last): timing changes, the records do not.
        int last = Environment.ProcessorCount - 1;
        var pinned = EngineRun.Run(records, Topology.Fused, WaitKind.Yield, 1024, cpus: [last, last]).Stats;
        Assert.Equal((reference.Digest.Value, reference.Digest.Count), (pinned.Digest.Value, pinned.Digest.Count));
    }

    [Fact]
    public void WithStatefulUserStrategies_FusedAndStaged_GiveTheSameDigest_AcrossRingSizesAndWaitStrategies()
    {
        var records = EngineRun.Synthetic(2);
        var variants = new (Topology Topology, WaitKind Wait, int Ring)[]
        {
            (Topology.Fused, WaitKind.Yield, 1024),
            (Topology.Staged, WaitKind.Yield, 1024),
            (Topology.Fused, WaitKind.Yield, 64),
            (Topology.Staged, WaitKind.Yield, 65536),
            (Topology.Fused, WaitKind.Block, 65536),
            (Topology.Staged, WaitKind.Block, 64),
        };
        (ulong, long)? reference = null;
        foreach (var (topology, wait, ring) in variants)
        {
            var stats = new StreamStats();
            var strategies = new StrategyPair<Strategies.BookTradingStrategy, Strategies.BookTradingStrategy>(new(AlphaIds.FirstUser, 30), new(AlphaIds.FirstUser + 1, 47));
            var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4)) { Topology = topology, Wait = wait, RingSize = ring }
                .Build(strategies, new StatsSink(stats));
            engine.Start(42, records[0].TimeNs);
            engine.Publish(records);
            engine.Complete();
            reference ??= (stats.Digest.Value, stats.Digest.Count);
            Assert.Equal((topology, wait, ring, reference.Value), (topology, wait, ring, (stats.Digest.Value, stats.Digest.Count)));
            // The strategies traded with every order kind, were told of it, and were flattened at the end.
            var first = strategies.First;
            Assert.True(first.Events(0) > 50 && first.Events(1) > 50 && first.Events(3) > 5, $"orders {first.Events(0)}, fills {first.Events(1)}, cancels {first.Events(3)}");
            Assert.True(stats.FillsFor(AlphaIds.FirstUser + 1) > 50);
            int book = engine.Core.AlphaSources.IndexOf(AlphaIds.FirstUser);
            for (int s = 0; s < 4; s++)
                Assert.Equal(0, engine.Core.Ledger.Position(book, s));
        }
    }

    /// <summary>
    /// The default demo's stream (<c>qps demo</c>: synthetic defaults, 4 symbols, 5 days, seed 42, default settings).
    /// A change that alters behaviour on purpose changes this value in the same commit, with a line saying why.
    /// </summary>
    [Fact]
    public void DefaultDemo_Digest_IsPinned()
    {
        var stats = EngineRun.Run(EngineRun.Synthetic()).Stats;
        // 2026-12-01: cb3999b452abc08e -> efd2fc72e3412c6c. Each alpha gained the flattenAtSessionEnd setting, so the
        // configuration hash in the session-start and session-end records changed; every other record is identical
        // (qps dump of both journals differs on those two lines only).
        // 2026-12-02: efd2fc72e3412c6c -> c7bdec1b11396e37. New default parameters for pairs (window 480), MTF trend
        // (pullback RSI 40, exit RSI 85) and order-book imbalance (entry 0.45, exit 0.2), chosen on seed 7 (issue 13,
        // docs/engine.md): a deliberate change of every alpha's signals, not a drift.
        Assert.Equal("c7bdec1b11396e37", stats.Digest.Value.ToString("x16"));
    }

    [Fact]
    public void AnAlphaSetToFlattenAtSessionEnd_EndsFlat_AndTheOthersKeepTheirPositions()
    {
        var records = EngineRun.Synthetic(1);
        var plain = EngineRun.Run(records).Engine;
        var settings = new EngineSettings { Momentum = new() { FlattenAtSessionEnd = true } };
        var flat = EngineRun.Run(records, settings: settings).Engine;
        int momentum = flat.Core.AlphaSources.IndexOf(AlphaIds.CrossAssetMomentum);
        Assert.Contains(Enumerable.Range(0, 4), s => plain.Core.Ledger.Position(momentum, s) != 0); // it holds positions at the end
        for (int s = 0; s < 4; s++)
        {
            Assert.Equal(0, flat.Core.Ledger.Position(momentum, s));
            for (int b = 0; b < flat.Core.Ledger.Books; b++)
            {
                if (b != momentum)
                    Assert.Equal(plain.Core.Ledger.Position(b, s), flat.Core.Ledger.Position(b, s));
            }
        }
        Assert.Equal(plain.Core.Ledger.FillCount(momentum) + Enumerable.Range(0, 4).Count(s => plain.Core.Ledger.Position(momentum, s) != 0), flat.Core.Ledger.FillCount(momentum));
    }

    [Fact]
    public void AnOutOfOrderInput_Throws_BeforeItsBatchIsClaimed_AndTheEngineStillCompletes()
    {
        var records = EngineRun.Synthetic(1)[..1000].ToArray();
        var good = records[..500];
        var bad = records[500..600].ToArray();
        (bad[10], bad[60]) = (bad[60], bad[10]); // a later time before an earlier one, inside one batch
        var stats = new StreamStats();
        var engine = new EngineBuilder(new EngineSettings(), QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4)) { Topology = Topology.Fused, Wait = WaitKind.Yield }
            .Build(new StatsSink(stats));
        engine.Start(42, records[0].TimeNs);
        engine.Publish(good);
        long published = engine.Published;
        var e = Assert.Throws<ArgumentException>(() => engine.Publish(bad));
        Assert.Contains("event-time order", e.Message);
        Assert.Equal(published, engine.Published); // the bad batch claimed nothing
        engine.Complete(); // nothing claimed is left unpublished, so the stages drain and stop
        Assert.Equal(500 + 2, stats.Inputs); // the good inputs, plus session start and end
    }

    [Fact]
    public void OnGenerateDefaults_EachOfTheFiveAlphas_MakesAtLeastTenRoundTrips()
    {
        var (engine, stats) = EngineRun.Run(EngineRun.Synthetic());
        var core = engine.Core;
        for (int b = 0; b < AlphaIds.BuiltInCount; b++)
        {
            Assert.True(core.RoundTrips(b) >= 10, $"{AlphaIds.NameOf(core.AlphaSources[b])}: {core.RoundTrips(b)} round trips");
            Assert.True(stats.FillsFor(core.AlphaSources[b]) >= 20);
        }
    }

    [Fact]
    public void StreamNumbering_IsContiguous_AndDerivedRecordsFollowTheirInput()
    {
        var records = EngineRun.Synthetic(1);
        var all = new List<Record>();
        var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4)).Build(new CollectingSink(all));
        engine.Start(42, records[0].TimeNs);
        engine.Publish(records);
        engine.Complete();
        for (int i = 0; i < all.Count; i++)
            Assert.Equal(i, all[i].Sequence);
        Assert.Equal(RecordKind.SessionStart, all[0].Kind);
        int end = all.FindIndex(r => r.Kind == RecordKind.SessionEnd);
        Assert.All(all.Skip(end + 1), r => Assert.Equal(RecordKind.Mark, r.Kind)); // the final marks follow the session end
        // Every order names its signal, which comes earlier in the stream.
        foreach (var o in all.Where(r => r.Kind == RecordKind.Order && r.Source == SourceId.Risk && r.Order.ParentSequence > 0))
            Assert.True(all[(int)o.Order.ParentSequence].Kind is RecordKind.Signal or RecordKind.RiskEvent);
    }

    private readonly struct CollectingSink(List<Record> all) : IEventHandler<Slot>
    {
        public void OnBatchStart(long batchSize) { }

        public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
        {
            all.Add(slot.Input);
            all.AddRange(slot.Derived);
        }
    }

    [Fact]
    public void OutboxOverflow_HaltsThePipeline_NamingTheInput()
    {
        var records = EngineRun.Synthetic(1);
        var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4))
            .Build(new FloodAt(1000), new StatsSink(new StreamStats()));
        engine.Start(42, records[0].TimeNs);
        var e = Assert.ThrowsAny<Exception>(() =>
        {
            engine.Publish(records);
            engine.Complete();
        });
        var handler = Assert.IsType<EventHandlerException>(e is PipelineFaultedException pf ? pf.InnerException : e);
        var overflow = Assert.IsType<OutboxOverflowException>(handler.InnerException);
        Assert.Equal(1000, handler.Sequence);
        Assert.Contains("Outbox overflow", overflow.Message);
    }

    /// <summary>A user stage that appends more records than the outbox holds at one input.</summary>
    private readonly struct FloodAt(int input) : IStrategy
    {
        private readonly int[] _seen = new int[1];

        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(AlphaIds.FirstUser, "flood"));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context)
        {
            // The ring sequence of the input is its ordinal here: SessionStart is input 0.
            if (_seen[0]++ != input)
                return;
            for (int i = 0; i <= Outbox.Capacity; i++)
                slot.Append(RecordKind.Signal, AlphaIds.FirstUser, 0);
        }
    }

    [Fact]
    public void SteadyState_AllocatesZeroBytes_OnEveryPipelineThread_OverAMillionEvents()
    {
        var records = EngineRun.Synthetic(21); // 1,330,560 inputs
        const int warmup = 300_000;
        const int measured = 1_000_000;
        var probe = new AllocationWindow(warmup, warmup + measured);
        var outputProbe = new AllocationWindow(warmup, warmup + measured);
        var engine = new EngineBuilder(new EngineSettings(), Data.Synthetic.SyntheticMarket.NamesFor(4))
            .Build(new ProbeStage(probe), new ProbeSink(outputProbe));
        long producerBytes = -1;
        var producer = new Thread(() =>
        {
            engine.Start(42, records[0].TimeNs);
            engine.Publish(records.AsSpan(0, warmup));
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.Publish(records.AsSpan(warmup, measured));
            producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            engine.Publish(records.AsSpan(warmup + measured));
            engine.Complete();
        });
        producer.Start();
        producer.Join();
        Assert.Equal(0, producerBytes);
        Assert.True(probe.Done && outputProbe.Done);
        Assert.Equal(0, probe.Bytes);        // the fused engine thread: aggregator, 5 alphas, a stateful user strategy, risk, broker, portfolio
        Assert.Equal(0, outputProbe.Bytes);  // the output thread
        Assert.True(engine.Core.Ledger.FillCount(0) > 0);
        Assert.True(engine.Core.Ledger.FillCount(engine.Core.AlphaSources.IndexOf(AlphaIds.FirstUser)) > 1000);
    }

    /// <summary>Reads the current thread's allocation counter at two input ordinals.</summary>
    private sealed class AllocationWindow(long from, long to)
    {
        private long _count;
        private long _start;

        public long Bytes { get; private set; } = -1;

        public bool Done { get; private set; }

        public void Tick()
        {
            long n = _count++;
            if (n == from)
                _start = GC.GetAllocatedBytesForCurrentThread();
            else if (n == to)
            {
                Bytes = GC.GetAllocatedBytesForCurrentThread() - _start;
                Done = true;
            }
        }
    }

    /// <summary>Ticks the allocation window, around a stateful strategy that reads its book and uses every order kind.</summary>
    private struct ProbeStage(AllocationWindow window) : IStrategy
    {
        private Strategies.BookTradingStrategy _trader = new(AlphaIds.FirstUser, 30);

        public readonly void Describe(List<StrategyInfo> strategies) => _trader.Describe(strategies);

        public readonly void OnOrderEvent(in Record record, StrategyContext context) => _trader.OnOrderEvent(in record, context);

        public void Process(ref Slot slot, StrategyContext context)
        {
            window.Tick();
            _trader.Process(ref slot, context);
        }

        public readonly long Fills => _trader.Events(1);
    }

    private readonly struct ProbeSink(AllocationWindow window) : IEventHandler<Slot>
    {
        public void OnBatchStart(long batchSize) { }

        public void OnEvent(ref Slot slot, long sequence, bool endOfBatch) => window.Tick();
    }
}

public sealed class LatencyStampTests
{
    private sealed class CountingRecorder : ILatencyRecorder
    {
        public long Count;
        public long LastStamp;

        public void OnApplied(long latencyStamp)
        {
            Count++;
            LastStamp = latencyStamp;
        }
    }

    [Fact]
    public void StampingAndRecordingLatency_NeverChangesTheRecordStream()
    {
        var records = EngineRun.Synthetic(1);
        var plain = EngineRun.Run(records).Stats;

        var stats = new StreamStats();
        var engine = new EngineBuilder(new EngineSettings(), QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4)).Build(new StatsSink(stats));
        var recorder = new CountingRecorder();
        engine.Core.LatencyRecorder = recorder;
        engine.Start(42, records[0].TimeNs);
        long stamp = 1_000;
        foreach (var r in records)
            engine.PublishStamped(in r, stamp++);
        engine.Complete();

        Assert.Equal(plain.Digest.Value, stats.Digest.Value);
        Assert.Equal(plain.Digest.Count, stats.Digest.Count);
        Assert.Equal(records.Length, recorder.Count);  // every stamped input, once, after the core applied it
        Assert.Equal(stamp - 1, recorder.LastStamp);
    }
}
