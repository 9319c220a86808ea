namespace QpsFast.Engine.Alphas;

// Every alpha's settings end with Enabled (run it) and FlattenAtSessionEnd (close its book's positions at the last
// marks when the session ends, as a user strategy's StrategyInfo can).

/// <summary>Pairs mean reversion: z-score of the OLS residual of B on A; enter beyond ±<see cref="EntryZ"/>, exit inside ±<see cref="ExitZ"/>.</summary>
public sealed record PairsSettings(int SymbolA = 0, int SymbolB = 1, int Window = 480, double EntryZ = 2.0, double ExitZ = 0.5, decimal Notional = 10_000m, bool Enabled = true, bool FlattenAtSessionEnd = false);

/// <summary>Breakout: a close beyond the Donchian channel of the previous <see cref="Period"/> bars of <see cref="TimeframeMinutes"/>; an ATR stop.</summary>
public sealed record BreakoutSettings(int TimeframeMinutes = 15, int Period = 20, int AtrPeriod = 14, double StopAtr = 2.0, decimal Notional = 10_000m, bool Enabled = true, bool FlattenAtSessionEnd = false);

/// <summary>MTF trend: the 1h close against its EMA sets the direction; a 1m RSI pullback enters, the opposite extreme exits.</summary>
public sealed record MtfTrendSettings(int TrendTimeframeMinutes = 60, int EmaPeriod = 10, int RsiPeriod = 14, double PullbackRsi = 40, double ExitRsi = 85, decimal Notional = 10_000m, bool Enabled = true, bool FlattenAtSessionEnd = false);

/// <summary>Cross-asset momentum: rank symbols by lookback return; long the top, short the bottom; rebalance every <see cref="RebalanceMinutes"/>.</summary>
public sealed record MomentumSettings(int LookbackMinutes = 60, int RebalanceMinutes = 60, int Long = 1, int Short = 1, decimal Notional = 10_000m, bool Enabled = true, bool FlattenAtSessionEnd = false);

/// <summary>Order-book imbalance over the top <see cref="Levels"/> levels; enter beyond ±<see cref="EntryImbalance"/>, exit inside ±<see cref="ExitImbalance"/>.</summary>
public sealed record ImbalanceSettings(int Levels = 3, double EntryImbalance = 0.45, double ExitImbalance = 0.2, decimal Notional = 10_000m, bool Enabled = true, bool FlattenAtSessionEnd = false);
