using QpsFast.Engine.Broker;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Tests.Pipeline;
using static QpsFast.Engine.Tests.Md;
using static QpsFast.Engine.Tests.Pipeline.CoreHarness;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Broker;

public sealed class PaperBrokerTests
{
    private static readonly RiskSettings NoLimits = new(0, 0, 0, 0, 0, 0, 0, 0);

    private static Record[] Fills(Record[] output) => output.Where(r => r.Kind == RecordKind.Fill).ToArray();

    [Fact]
    public void WithLatency_NothingFillsAtTheSignalsOwnTimestamp_ThenTheNextEventFillsAtItsPricePlusSlippage()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(FillMode.NextEvent, LatencyNs: 1_000_000, SlippageBps: 10, FeeBps: 0, MinFee: 0));
        h.Step(Bar(0, T0, 100));
        var order = Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10)), RecordKind.Order);
        Assert.Empty(Fills(h.Step(Trade(0, T0 + Minute, 99, 1))));                  // same timestamp: inside the latency
        Assert.Empty(Fills(h.Step(Bar(1, T0 + 2 * Minute, 50))));                  // another symbol
        var fill = Assert.Single(Fills(h.Step(Bar(0, T0 + 2 * Minute, 102))));
        Assert.Equal(order.Order.OrderId, fill.Fill.OrderId);
        Assert.Equal(Q(10), fill.Fill.Quantity);
        Assert.Equal(P(102.102m), fill.Fill.Price);                                // 10 bp adverse
        Assert.Equal(0, fill.Fill.LeavesQuantity);
        Assert.Equal(Q(10), h.Core.Ledger.Position(0, 0));
    }

    [Fact]
    public void WithZeroLatency_TheCreatingEventStillNeverFills()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(LatencyNs: 0, SlippageBps: 0));
        h.Step(Bar(0, T0, 100));
        Assert.Empty(Fills(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10))));
        Assert.Single(Fills(h.Step(Trade(0, T0 + Minute, 100.5m, 1))));          // the next event, same timestamp
    }

    [Fact]
    public void NextBarOpen_FillsAtTheOpenOfTheFirstBarThatOpensAfterTheOrder()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(FillMode.NextBarOpen, LatencyNs: 0, SlippageBps: 0, FeeBps: 0, MinFee: 0));
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, -5));
        Assert.Empty(Fills(h.Step(Trade(0, T0 + Minute + 1, 95, 1))));             // trades do not fill next-bar-open orders
        var fill = Assert.Single(Fills(h.Step(Bar(0, T0 + 2 * Minute, 104, open: 101))));
        Assert.Equal(P(101), fill.Fill.Price);
        Assert.Equal(-Q(5), fill.Fill.Quantity);
    }

    [Fact]
    public void LimitOrder_FillsOnlyWhenThePriceCrosses_AtTheLimitOrABetterOpen()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(LatencyNs: 0, UseLimitOrders: true, LimitOffsetBps: 100, FeeBps: 0, MinFee: 0));
        h.Step(Bar(0, T0, 100));
        var order = Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10)), RecordKind.Order);
        Assert.Equal(P(99), order.Order.LimitPrice);                               // 100 − 1%
        Assert.Equal(1, order.Order.Type);
        Assert.Empty(Fills(h.Step(Bar(0, T0 + 2 * Minute, 100, open: 100, high: 101, low: 99))));   // touches, does not cross
        var fill = Assert.Single(Fills(h.Step(Bar(0, T0 + 3 * Minute, 98.5m, open: 99.5m, high: 99.5m, low: 98.4m))));
        Assert.Equal(P(99), fill.Fill.Price);
        var gap = new CoreHarness(NoLimits, new BrokerSettings(LatencyNs: 0, UseLimitOrders: true, LimitOffsetBps: 100, FeeBps: 0, MinFee: 0));
        gap.Step(Bar(0, T0, 100));
        gap.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10));
        var better = Assert.Single(Fills(gap.Step(Bar(0, T0 + 2 * Minute, 97, open: 97.5m, high: 97.6m, low: 96.9m))));
        Assert.Equal(P(97.5m), better.Fill.Price);                                 // gapped through: the open is better than the limit
    }

    [Fact]
    public void MarketOrder_WalksTheBook_WithPartialFillsByDepth()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(LatencyNs: 0, FeeBps: 0, MinFee: 0));
        h.Step(Bar(0, T0, 100));
        var order = Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 12)), RecordKind.Order);
        // The bar made the old book stale; the refresh arrives level by level.
        Assert.Empty(Fills(h.Step(Level(0, T0 + Minute, 0, 0, 99.99m, 5, 99.99m, 100.01m))));   // a bid: nothing to buy from
        var f1 = Assert.Single(Fills(h.Step(Level(0, T0 + Minute, 1, 0, 100.01m, 5, 99.99m, 100.01m))));
        var f2 = Assert.Single(Fills(h.Step(Level(0, T0 + Minute, 1, 1, 100.02m, 5, 99.99m, 100.01m))));
        var f3 = Assert.Single(Fills(h.Step(Level(0, T0 + Minute, 1, 2, 100.03m, 5, 99.99m, 100.01m))));
        Assert.Equal((Q(5), P(100.01m), Q(7)), (f1.Fill.Quantity, f1.Fill.Price, f1.Fill.LeavesQuantity));
        Assert.Equal((Q(5), P(100.02m), Q(2)), (f2.Fill.Quantity, f2.Fill.Price, f2.Fill.LeavesQuantity));
        Assert.Equal((Q(2), P(100.03m), 0L), (f3.Fill.Quantity, f3.Fill.Price, f3.Fill.LeavesQuantity));
        Assert.All(new[] { f1, f2, f3 }, f => Assert.Equal(order.Order.OrderId, f.Fill.OrderId));
        Assert.Equal(Q(12), h.Core.Ledger.Position(0, 0));
    }

    [Fact]
    public void Fees_AreBpsOfNotional_WithAMinimum()
    {
        var h = new CoreHarness(NoLimits, new BrokerSettings(LatencyNs: 0, SlippageBps: 0, FeeBps: 5, MinFee: 1m));
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10));
        var big = Assert.Single(Fills(h.Step(Bar(0, T0 + 2 * Minute, 100))));
        Assert.Equal(P(1m), big.Fill.Fee);                                         // 1,000 × 5 bp = 0.50 → minimum 1
        h.Step(Bar(0, T0 + 3 * Minute, 100), (AlphaA, 0, 1010));
        var bigger = Assert.Single(Fills(h.Step(Bar(0, T0 + 4 * Minute, 100))));
        Assert.Equal(P(50m), bigger.Fill.Fee);                                     // 100,000 × 5 bp
        Assert.Equal(P(51m), h.Core.Ledger.Fees(0));
    }
}
