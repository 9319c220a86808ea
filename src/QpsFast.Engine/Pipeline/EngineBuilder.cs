using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// Builds a <see cref="TradingEngine"/>: the five built-in alphas (each can be disabled in its settings), optional
/// user strategies, risk, the paper broker and the portfolio, on our ring, in the fused or staged topology, behind an
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
    /// Whether the first stage (the fused engine, or the aggregator when staged) runs on the publishing thread
    /// instead of a thread of its own (default false): each publish hands what it published to the stage before it
    /// returns. One thread and one hand-off fewer: for file-fed runs (backtests, benchmarks), whose feed is a copy;
    /// not for a feed that must keep reading a socket while the engine works. The record stream is the same.
    /// </summary>
    public bool InlineFeed { get; init; }

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

    /// <summary>
    /// Whether orders go to an outside venue whose execution reports are inputs (a live session against
    /// <c>qps venue</c>, or its replay) instead of the in-process simulated venue.
    /// </summary>
    public bool RemoteVenue { get; init; }

    /// <summary>Where orders leave for the outside venue (<see cref="RemoteVenue"/> only; none in replay and recovery).</summary>
    public Broker.IOrderGateway? Gateway { get; init; }

    /// <summary>Builds the engine with the built-in alphas and <paramref name="sink"/> as the output stage.</summary>
    public TradingEngine Build<TSink>(TSink sink) where TSink : struct, IEventHandler<Slot> =>
        Build(new NoStrategy(), sink);

    /// <summary>
    /// Builds the engine with user strategies: <paramref name="strategy"/> (compose several with
    /// <see cref="StrategyPair{TFirst, TSecond}"/>) runs on the trading core's thread, between the fills and the risk
    /// checks of each input, and each book it describes (source ids from <see cref="AlphaIds.FirstUser"/> up) gets
    /// its own account.
    /// </summary>
    /// <exception cref="ArgumentException">A described source id is out of range, used twice, or a name is invalid.</exception>
    public TradingEngine Build<TStrategy, TSink>(TStrategy strategy, TSink sink)
        where TStrategy : struct, IStrategy
        where TSink : struct, IEventHandler<Slot>
    {
        var described = new List<StrategyInfo>();
        strategy.Describe(described);
        Strategies = StrategyCheck.Validate(described);
        return Wait switch
        {
            WaitKind.Spin => WithOutputWait<BusySpinWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Yield => WithOutputWait<YieldingWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Block => WithOutputWait<BlockingWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Sleep => WithOutputWait<SleepingWaitStrategy, TStrategy, TSink>(strategy, sink),
            _ => throw new ArgumentOutOfRangeException(nameof(Wait), Wait, null),
        };
    }

    /// <summary>Returns the user strategies' books of the last engine built, in book order after the built-in five.</summary>
    public IReadOnlyList<StrategyInfo> Strategies { get; private set; } = [];

    private TradingEngine WithOutputWait<TWait, TStrategy, TSink>(TStrategy strategy, TSink sink)
        where TWait : struct, IWaitStrategy
        where TStrategy : struct, IStrategy
        where TSink : struct, IEventHandler<Slot>
    {
        var outputWait = OutputWait ?? Wait;
        return outputWait switch
        {
            WaitKind.Spin => Assemble<TWait, BusySpinWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Yield => Assemble<TWait, YieldingWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Block => Assemble<TWait, BlockingWaitStrategy, TStrategy, TSink>(strategy, sink),
            WaitKind.Sleep => Assemble<TWait, SleepingWaitStrategy, TStrategy, TSink>(strategy, sink),
            _ => throw new ArgumentOutOfRangeException(nameof(OutputWait), outputWait, null),
        };
    }

    private TradingEngine Assemble<TWait, TOutputWait, TStrategy, TSink>(TStrategy strategy, TSink sink)
        where TWait : struct, IWaitStrategy
        where TOutputWait : struct, IWaitStrategy
        where TStrategy : struct, IStrategy
        where TSink : struct, IEventHandler<Slot>
    {
        int n = symbols.Count;
        if (n < 1 || n > ushort.MaxValue - 1)
            throw new ArgumentOutOfRangeException(nameof(symbols), n, "between 1 and 65,534 symbols");
        var defaultPairs = new Alphas.PairsSettings();
        if (settings.Pairs.Enabled && Math.Max(settings.Pairs.SymbolA, settings.Pairs.SymbolB) >= n
            && (settings.Pairs.SymbolA, settings.Pairs.SymbolB) != (defaultPairs.SymbolA, defaultPairs.SymbolB))
        {
            // Valid in the file, but this data has fewer symbols: the alpha would never trade. Say so. (The default
            // pair, the first two symbols, stays idle on single-symbol data, as documented.)
            var (path, id) = settings.Pairs.SymbolA >= n ? ("symbolA", settings.Pairs.SymbolA) : ("symbolB", settings.Pairs.SymbolB);
            throw new ArgumentException($"config $.alphas.pairs.{path}: symbol {id} does not exist: the data has {n} symbol(s), 0..{n - 1}");
        }
        var wait = default(TWait);
        var builder = new PipelineBuilder<Slot>(RingSize);
        var stages = new BuiltInStages(settings, n);
        byte[] sources = [.. BuiltInStages.AlphaSources, .. Strategies.Select(s => s.Source)];
        bool[] flatten =
        [
            settings.Pairs.FlattenAtSessionEnd, settings.Breakout.FlattenAtSessionEnd, settings.MtfTrend.FlattenAtSessionEnd,
            settings.Momentum.FlattenAtSessionEnd, settings.Imbalance.FlattenAtSessionEnd, .. Strategies.Select(s => s.FlattenAtSessionEnd),
        ];
        int userRecords = Strategies.Sum(s => s.RecordsPerInput);
        if (OutboxBudget.Problem(settings, Strategies.Count, userRecords, n) is { } budget)
            throw new ArgumentException(budget);
        var core = new TradingCore(sources, n, settings.Risk, settings.Broker, settings.Portfolio, flattenAtSessionEnd: flatten, userRecordReserve: userRecords);
        if (RemoteVenue)
            core.ConnectVenue(Gateway);
        else if (Gateway is not null)
            throw new ArgumentException("a gateway needs RemoteVenue", nameof(Gateway));
        var coreStage = new CoreStage<TStrategy>(core, strategy, Strategies.Select(s => s.Source));
        if (Topology == Topology.Fused)
        {
            var fused = new FusedHandler<TStrategy>(stages, coreStage);
            if (InlineOutput)
                builder.AddStage("engine", new HandlerPair<Slot, FusedHandler<TStrategy>, TSink>(fused, sink), wait);
            else
                builder.AddStage("output", sink, default(TOutputWait), builder.AddStage("engine", fused, wait));
        }
        else
        {
            // The stages that read no book run ahead on threads of their own; the strategies run with the core.
            IEventProcessor last = builder.AddStage("aggregator", new StageHandler<TimeframeAggregator>(stages.Aggregator), wait);
            last = builder.AddStage("pairs", new StageHandler<PairsMeanReversionAlpha>(stages.Pairs), wait, last);
            last = builder.AddStage("breakout", new StageHandler<BreakoutAlpha>(stages.Breakout), wait, last);
            last = builder.AddStage("mtf-trend", new StageHandler<MtfTrendAlpha>(stages.MtfTrend), wait, last);
            last = builder.AddStage("momentum", new StageHandler<CrossAssetMomentumAlpha>(stages.Momentum), wait, last);
            last = builder.AddStage("ob-imbalance", new StageHandler<OrderBookImbalanceAlpha>(stages.Imbalance), wait, last);
            var coreHandler = new StageHandler<CoreStage<TStrategy>>(coreStage);
            if (InlineOutput)
                builder.AddStage("core", new HandlerPair<Slot, StageHandler<CoreStage<TStrategy>>, TSink>(coreHandler, sink), wait, last);
            else
                builder.AddStage("output", sink, default(TOutputWait), builder.AddStage("core", coreHandler, wait, last));
        }
        return new TradingEngine(builder.Build(), core, settings, symbols, Topology, Cpus, InlineFeed);
    }
}
