namespace QpsFast.Engine.Risk;

/// <summary>
/// Risk limits in four layers. Amounts are in account currency, quantities in units; 0 disables a limit.
/// Orders that only reduce an alpha's position skip layers 1–3 (a limit never stops risk from being taken off).
/// </summary>
/// <param name="MaxOrderQuantity">Layer 1: largest order, in units.</param>
/// <param name="MaxOrderNotional">Layer 1: largest order notional.</param>
/// <param name="MaxPositionNotional">Layer 2: largest |position × price| of one alpha in one symbol.</param>
/// <param name="MaxSymbolNotional">Layer 2: largest |net position × price| in one symbol across alphas.</param>
/// <param name="MaxGrossExposure">Layer 3: largest Σ |net position × price|.</param>
/// <param name="MaxNetExposure">Layer 3: largest |Σ net position × price|.</param>
/// <param name="MinCashReserve">Layer 3: total cash may not fall below this after a buy.</param>
/// <param name="MaxOrdersPerMinute">Layer 3: orders per 60 s of event time.</param>
/// <param name="MaxDailyLoss">Layer 4: equity loss since the UTC day's start that trips the kill switch.</param>
/// <param name="MaxDrawdownFraction">Layer 4: drawdown from peak equity (0–1) that trips the kill switch.</param>
public sealed record RiskSettings(
    decimal MaxOrderQuantity = 1_000_000m,
    decimal MaxOrderNotional = 50_000m,
    decimal MaxPositionNotional = 50_000m,
    decimal MaxSymbolNotional = 100_000m,
    decimal MaxGrossExposure = 400_000m,
    decimal MaxNetExposure = 250_000m,
    decimal MinCashReserve = 0m,
    int MaxOrdersPerMinute = 120,
    decimal MaxDailyLoss = 0m,
    decimal MaxDrawdownFraction = 0m);
