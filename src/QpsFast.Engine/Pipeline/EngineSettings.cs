using System.IO.Hashing;
using System.Text;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Risk;

namespace QpsFast.Engine.Pipeline;

/// <summary>Every parameter of a run's pipeline: the five alphas, risk, broker, portfolio and the aggregator's timeframes.</summary>
public sealed record EngineSettings
{
    /// <summary>Pairs mean reversion.</summary>
    public PairsSettings Pairs { get; init; } = new();

    /// <summary>Donchian breakout.</summary>
    public BreakoutSettings Breakout { get; init; } = new();

    /// <summary>Multi-timeframe trend.</summary>
    public MtfTrendSettings MtfTrend { get; init; } = new();

    /// <summary>Cross-asset momentum.</summary>
    public MomentumSettings Momentum { get; init; } = new();

    /// <summary>Order-book imbalance.</summary>
    public ImbalanceSettings Imbalance { get; init; } = new();

    /// <summary>Risk limits.</summary>
    public RiskSettings Risk { get; init; } = new();

    /// <summary>The paper broker.</summary>
    public BrokerSettings Broker { get; init; } = new();

    /// <summary>Portfolio accounting.</summary>
    public PortfolioSettings Portfolio { get; init; } = new();

    /// <summary>Higher timeframes built from 1-minute bars, in minutes.</summary>
    public int[] Timeframes { get; init; } = [5, 15, 60];

    /// <summary>Returns a canonical text of every setting (the input of <see cref="Hash"/>).</summary>
    public string Canonical() =>
        $"{Pairs}|{Breakout}|{MtfTrend}|{Momentum}|{Imbalance}|{Risk}|{Broker}|{Portfolio}|tf={string.Join(',', Timeframes)}";

    /// <summary>Returns the XxHash64 of <see cref="Canonical"/>: recorded in the session-start record.</summary>
    public long Hash() => unchecked((long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Canonical())));
}
