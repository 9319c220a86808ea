using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Alphas;

namespace QpsFast.Engine.Pipeline;

/// <summary>The built-in stages of a pipeline, constructed from <see cref="EngineSettings"/>.</summary>
public sealed class BuiltInStages
{
    /// <summary>Creates the stages for <paramref name="symbols"/> symbols.</summary>
    public BuiltInStages(EngineSettings settings, int symbols)
    {
        Aggregator = new TimeframeAggregator(symbols, settings.Timeframes);
        Pairs = new PairsMeanReversionAlpha(settings.Pairs, symbols);
        Breakout = new BreakoutAlpha(settings.Breakout, symbols);
        MtfTrend = new MtfTrendAlpha(settings.MtfTrend, symbols);
        Momentum = new CrossAssetMomentumAlpha(settings.Momentum, symbols);
        Imbalance = new OrderBookImbalanceAlpha(settings.Imbalance, symbols);
    }

    /// <summary>The aggregator.</summary>
    public TimeframeAggregator Aggregator;

    /// <summary>Pairs mean reversion.</summary>
    public PairsMeanReversionAlpha Pairs;

    /// <summary>Breakout.</summary>
    public BreakoutAlpha Breakout;

    /// <summary>MTF trend.</summary>
    public MtfTrendAlpha MtfTrend;

    /// <summary>Momentum.</summary>
    public CrossAssetMomentumAlpha Momentum;

    /// <summary>Imbalance.</summary>
    public OrderBookImbalanceAlpha Imbalance;

    /// <summary>Returns the built-in alphas' source ids, in stage order.</summary>
    public static byte[] AlphaSources =>
        [AlphaIds.PairsMeanReversion, AlphaIds.Breakout, AlphaIds.MtfTrend, AlphaIds.CrossAssetMomentum, AlphaIds.OrderBookImbalance];
}
