using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Alphas;
using QpsFast.Ring;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// Builds a <see cref="TradingEngine"/>: the five built-in alphas (each can be disabled in its settings), optional
/// user alphas, risk, the paper broker and the portfolio, on our ring, in the fused or staged topology, behind an
/// output stage of the caller's choice.
/// </summary>
/// <example>
/// <code>
/// var stats = new StreamStats();
/// var engine = new EngineBuilder(new EngineSettings(), ["BTC", "ETH"]) { Topology = Topology.Fused }
///     .Build(new StatsSink(stats));
/// engine.Start();
/// engine.Publish(records);
/// engine.Complete();
/// Console.WriteLine(stats.Digest);
/// </code>
/// </example>
public sealed class EngineBuilder(EngineSettings settings, IReadOnlyList<string> symbols)
{
    /// <summary>The topology (default fused).</summary>
    public Topology Topology { get; init; } = Topology.Fused;

    /// <summary>The wait strategy of every stage (default yielding: safe with more threads than cores).</summary>
    public WaitKind Wait { get; init; } = WaitKind.Yield;

    /// <summary>Ring slots, a power of two (default 1,024; each slot holds an input and 64 derived records).</summary>
    public int RingSize { get; init; } = 1024;

    /// <summary>
    /// Whether the output sink runs on the last stage's thread, right after the trading core, instead of on a thread
    /// of its own (default false). One thread fewer: worth it when the sink is cheap next to the engine and cores are
    /// few (replay verification does this). The record stream is the same either way.
    /// </summary>
    public bool InlineOutput { get; init; }

    /// <summary>
    /// The output stage's wait strategy (default: <see cref="Wait"/>). With busy-spinning stages on a machine without a
    /// core for every thread, a sleeping or blocking output stage (the journal) leaves the spinning ones their cores.
    /// Ignored with <see cref="InlineOutput"/>. The record stream is the same whatever the strategies.
    /// </summary>
    public WaitKind? OutputWait { get; init; }

    /// <summary>
    /// CPUs to pin the stage threads to (Linux; ignored elsewhere): stage <c>i</c> runs on <c>Cpus[i % Cpus.Length]</c>,
    /// the stages being, in order, the engine and the output stage (fused) or aggregator … trading core and the output
    /// stage (staged). Default none: the scheduler places them. Pinning changes timing only, never the records.
    /// </summary>
    public int[]? Cpus { get; init; }

    /// <summary>Builds the engine with the built-in alphas and <paramref name="sink"/> as the output stage.</summary>
    public TradingEngine Build<TSink>(TSink sink) where TSink : struct, IEventHandler<Slot> =>
        Build(new NoStage(), [], sink);

    /// <summary>
    /// Builds the engine with user alphas: <paramref name="user"/> runs after the built-in alphas (compose several
    /// with <see cref="StagePair{TFirst, TSecond}"/>), and <paramref name="userSources"/> lists the source ids its
    /// signals carry (from <see cref="AlphaIds.FirstUser"/> up), each of which gets its own book.
    /// </summary>
    public TradingEngine Build<TUser, TSink>(TUser user, ReadOnlySpan<byte> userSources, TSink sink)
        where TUser : struct, IStage
        where TSink : struct, IEventHandler<Slot>
    {
        foreach (var source in userSources)
        {
            if (source < AlphaIds.FirstUser || source >= Records.SourceId.Risk)
                throw new ArgumentOutOfRangeException(nameof(userSources), source, $"user alpha source ids must be in [{AlphaIds.FirstUser}, {Records.SourceId.Risk})");
        }
        byte[] sources = [.. BuiltInStages.AlphaSources, .. userSources];
        return Wait switch
        {
            WaitKind.Spin => WithOutputWait<BusySpinWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Yield => WithOutputWait<YieldingWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Block => WithOutputWait<BlockingWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Sleep => WithOutputWait<SleepingWaitStrategy, TUser, TSink>(user, sources, sink),
            _ => throw new ArgumentOutOfRangeException(nameof(Wait), Wait, null),
        };
    }

    private TradingEngine WithOutputWait<TWait, TUser, TSink>(TUser user, byte[] sources, TSink sink)
        where TWait : struct, IWaitStrategy
        where TUser : struct, IStage
        where TSink : struct, IEventHandler<Slot>
    {
        var outputWait = OutputWait ?? Wait;
        return outputWait switch
        {
            WaitKind.Spin => Assemble<TWait, BusySpinWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Yield => Assemble<TWait, YieldingWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Block => Assemble<TWait, BlockingWaitStrategy, TUser, TSink>(user, sources, sink),
            WaitKind.Sleep => Assemble<TWait, SleepingWaitStrategy, TUser, TSink>(user, sources, sink),
            _ => throw new ArgumentOutOfRangeException(nameof(OutputWait), outputWait, null),
        };
    }

    private TradingEngine Assemble<TWait, TOutputWait, TUser, TSink>(TUser user, byte[] sources, TSink sink)
        where TWait : struct, IWaitStrategy
        where TOutputWait : struct, IWaitStrategy
        where TUser : struct, IStage
        where TSink : struct, IEventHandler<Slot>
    {
        int n = symbols.Count;
        if (n < 1 || n > ushort.MaxValue - 1)
            throw new ArgumentOutOfRangeException(nameof(symbols), n, "between 1 and 65,534 symbols");
        var wait = default(TWait);
        var builder = new PipelineBuilder<Slot>(RingSize);
        var stages = new BuiltInStages(settings, n);
        var core = new TradingCore(sources, n, settings.Risk, settings.Broker, settings.Portfolio);
        if (Topology == Topology.Fused)
        {
            var fused = new FusedHandler<TUser>(stages, user, core);
            if (InlineOutput)
                builder.AddStage("engine", new HandlerPair<Slot, FusedHandler<TUser>, TSink>(fused, sink), wait);
            else
                builder.AddStage("output", sink, default(TOutputWait), builder.AddStage("engine", fused, wait));
        }
        else
        {
            IEventProcessor last = builder.AddStage("aggregator", new StageHandler<TimeframeAggregator>(stages.Aggregator), wait);
            last = builder.AddStage("pairs", new StageHandler<PairsMeanReversionAlpha>(stages.Pairs), wait, last);
            last = builder.AddStage("breakout", new StageHandler<BreakoutAlpha>(stages.Breakout), wait, last);
            last = builder.AddStage("mtf-trend", new StageHandler<MtfTrendAlpha>(stages.MtfTrend), wait, last);
            last = builder.AddStage("momentum", new StageHandler<CrossAssetMomentumAlpha>(stages.Momentum), wait, last);
            last = builder.AddStage("ob-imbalance", new StageHandler<OrderBookImbalanceAlpha>(stages.Imbalance), wait, last);
            last = builder.AddStage("user", new StageHandler<TUser>(user), wait, last);
            var coreStage = new StageHandler<CoreStage>(new CoreStage(core));
            if (InlineOutput)
                builder.AddStage("core", new HandlerPair<Slot, StageHandler<CoreStage>, TSink>(coreStage, sink), wait, last);
            else
                builder.AddStage("output", sink, default(TOutputWait), builder.AddStage("core", coreStage, wait, last));
        }
        return new TradingEngine(builder.Build(), core, settings, symbols, Topology, Cpus);
    }
}
