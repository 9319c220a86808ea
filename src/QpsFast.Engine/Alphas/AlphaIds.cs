using QpsFast.Engine.Records;

namespace QpsFast.Engine.Alphas;

/// <summary>The source ids of the built-in alphas (<see cref="SourceId.FirstAlpha"/> + index).</summary>
public static class AlphaIds
{
    /// <summary>Pairs mean reversion.</summary>
    public const byte PairsMeanReversion = SourceId.FirstAlpha + 0;

    /// <summary>Donchian breakout.</summary>
    public const byte Breakout = SourceId.FirstAlpha + 1;

    /// <summary>Multi-timeframe trend.</summary>
    public const byte MtfTrend = SourceId.FirstAlpha + 2;

    /// <summary>Cross-asset momentum.</summary>
    public const byte CrossAssetMomentum = SourceId.FirstAlpha + 3;

    /// <summary>Order-book imbalance.</summary>
    public const byte OrderBookImbalance = SourceId.FirstAlpha + 4;

    /// <summary>The number of built-in alphas.</summary>
    public const int BuiltInCount = 5;

    /// <summary>The first source id free for user alphas.</summary>
    public const byte FirstUser = SourceId.FirstAlpha + BuiltInCount;

    /// <summary>Returns a short name for a source id.</summary>
    public static string NameOf(byte source) => source switch
    {
        PairsMeanReversion => "pairs",
        Breakout => "breakout",
        MtfTrend => "mtf-trend",
        CrossAssetMomentum => "momentum",
        OrderBookImbalance => "ob-imbalance",
        SourceId.Feed => "feed",
        SourceId.Aggregator => "aggregator",
        SourceId.Risk => "risk",
        SourceId.Broker => "broker",
        SourceId.Portfolio => "portfolio",
        _ => $"alpha-{source}",
    };
}
