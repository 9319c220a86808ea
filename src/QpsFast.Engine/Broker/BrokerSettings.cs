namespace QpsFast.Engine.Broker;

/// <summary>The paper broker's rules.</summary>
/// <param name="Mode">When market orders fill.</param>
/// <param name="LatencyNs">Event-time delay before an order can fill. Above 0, nothing at the signal's own timestamp fills.</param>
/// <param name="SlippageBps">Adverse price adjustment on fills that do not walk a book, in basis points.</param>
/// <param name="FeeBps">Fee in basis points of the fill's notional.</param>
/// <param name="MinFee">Minimum fee per fill.</param>
/// <param name="UseLimitOrders">Send limit orders at the signal's reference price ∓ <paramref name="LimitOffsetBps"/> instead of market orders.</param>
/// <param name="LimitOffsetBps">How far inside the reference price a limit order is placed.</param>
/// <param name="MaxPendingOrders">Capacity of the pending-order table.</param>
public sealed record BrokerSettings(
    FillMode Mode = FillMode.NextEvent,
    long LatencyNs = 1_000_000,
    decimal SlippageBps = 1m,
    decimal FeeBps = 0.5m,
    decimal MinFee = 0.01m,
    bool UseLimitOrders = false,
    decimal LimitOffsetBps = 2m,
    int MaxPendingOrders = 1024);
