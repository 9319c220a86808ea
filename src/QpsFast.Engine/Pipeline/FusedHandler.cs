using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// The fused topology's handler: aggregator, the five alphas, then the trading core with the user's strategies between its halves, called in
/// stage order for each slot, all inlined into one processor loop.
/// </summary>
public struct FusedHandler<TStrategy> : IEventHandler<Slot> where TStrategy : struct, IStrategy
{
    // mutable structs: no readonly
    private TimeframeAggregator _aggregator;
    private PairsMeanReversionAlpha _pairs;
    private BreakoutAlpha _breakout;
    private MtfTrendAlpha _mtf;
    private CrossAssetMomentumAlpha _momentum;
    private OrderBookImbalanceAlpha _imbalance;
    private CoreStage<TStrategy> _core;

    /// <summary>Composes the stages.</summary>
    public FusedHandler(BuiltInStages stages, CoreStage<TStrategy> core)
    {
        _aggregator = stages.Aggregator;
        _pairs = stages.Pairs;
        _breakout = stages.Breakout;
        _mtf = stages.MtfTrend;
        _momentum = stages.Momentum;
        _imbalance = stages.Imbalance;
        _core = core;
    }

    /// <inheritdoc />
    public readonly void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
    {
        _aggregator.Process(ref slot);
        _pairs.Process(ref slot);
        _breakout.Process(ref slot);
        _mtf.Process(ref slot);
        _momentum.Process(ref slot);
        _imbalance.Process(ref slot);
        _core.Process(ref slot);
    }
}
