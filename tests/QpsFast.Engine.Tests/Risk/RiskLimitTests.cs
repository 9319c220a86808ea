using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Tests.Pipeline;
using static QpsFast.Engine.Tests.Md;
using static QpsFast.Engine.Tests.Pipeline.CoreHarness;

namespace QpsFast.Engine.Tests.Risk;

/// <summary>Every limit is tripped once and the reject's reason code, value and limit are checked.</summary>
public sealed class RiskLimitTests
{
    private static readonly RiskSettings Wide = new(MaxOrderQuantity: 0, MaxOrderNotional: 0, MaxPositionNotional: 0, MaxSymbolNotional: 0,
        MaxGrossExposure: 0, MaxNetExposure: 0, MinCashReserve: 0, MaxOrdersPerMinute: 0);

    private static void AssertReject(QpsFast.Engine.Records.Record[] output, RejectReason reason, decimal value, decimal limit)
    {
        var r = Only(output, RecordKind.Reject);
        Assert.Equal((ushort)reason, r.Aux);
        Assert.Equal(P(value), r.Reject.Value);
        Assert.Equal(P(limit), r.Reject.Limit);
        Assert.DoesNotContain(output, x => x.Kind == RecordKind.Order);
    }

    [Fact]
    public void OrderQuantityAboveTheMaximum_IsRejected_Layer1()
    {
        var h = new CoreHarness(Wide with { MaxOrderQuantity = 5 });
        h.Step(Bar(0, T0, 100));
        AssertReject(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10)), RejectReason.OrderQuantity, 10, 5);
        Assert.Equal(RecordKind.Order, Only(h.Step(Bar(0, T0 + 2 * Minute, 100), (AlphaA, 0, 5)), RecordKind.Order).Kind);
    }

    [Fact]
    public void OrderNotionalAboveTheMaximum_IsRejected_Layer1()
    {
        var h = new CoreHarness(Wide with { MaxOrderNotional = 500 });
        h.Step(Bar(0, T0, 100));
        AssertReject(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, -6)), RejectReason.OrderNotional, 600, 500);
    }

    [Fact]
    public void AlphaPositionNotionalAboveTheMaximum_IsRejected_Layer2()
    {
        var h = new CoreHarness(Wide with { MaxPositionNotional = 1_000 });
        h.Step(Bar(0, T0, 100));
        Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 8)), RecordKind.Order);
        AssertReject(h.Step(Bar(0, T0 + 2 * Minute, 100), (AlphaA, 0, 12)), RejectReason.PositionNotional, 1_200, 1_000);
    }

    [Fact]
    public void SymbolNetAcrossAlphasAboveTheMaximum_IsRejected_Layer2()
    {
        var h = new CoreHarness(Wide with { MaxSymbolNotional = 1_000 });
        h.Step(Bar(0, T0, 100));
        Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 8)), RecordKind.Order);
        AssertReject(h.Step(Bar(0, T0 + 2 * Minute, 100), (AlphaB, 0, 5)), RejectReason.SymbolNotional, 1_300, 1_000);
        // Offsetting the first alpha is allowed: it reduces the symbol's net.
        Only(h.Step(Bar(0, T0 + 3 * Minute, 100), (AlphaB, 0, -5)), RecordKind.Order);
    }

    [Fact]
    public void GrossExposureAboveTheMaximum_IsRejected_Layer3()
    {
        var h = new CoreHarness(Wide with { MaxGrossExposure = 1_500 });
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(1, T0, 50));
        Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10)), RecordKind.Order);
        AssertReject(h.Step(Bar(1, T0 + Minute, 50), (AlphaA, 1, -12)), RejectReason.GrossExposure, 1_600, 1_500);
    }

    [Fact]
    public void NetExposureAboveTheMaximum_IsRejected_Layer3()
    {
        var h = new CoreHarness(Wide with { MaxNetExposure = 1_200 });
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(1, T0, 50));
        Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10)), RecordKind.Order);
        AssertReject(h.Step(Bar(1, T0 + Minute, 50), (AlphaB, 1, 6)), RejectReason.NetExposure, 1_300, 1_200);
        Only(h.Step(Bar(1, T0 + 2 * Minute, 50), (AlphaB, 1, -6)), RecordKind.Order); // a short lowers net exposure
    }

    [Fact]
    public void BuyThatWouldBreachTheCashReserve_IsRejected_Layer3()
    {
        var h = new CoreHarness(Wide with { MinCashReserve = 199_500 }, capital: 100_000m); // two books: 200,000 cash
        h.Step(Bar(0, T0, 100));
        AssertReject(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 6)), RejectReason.CashReserve, 199_400, 199_500);
        Only(h.Step(Bar(0, T0 + 2 * Minute, 100), (AlphaA, 0, 5)), RecordKind.Order);
    }

    [Fact]
    public void MoreOrdersPerMinuteThanAllowed_AreRejected_Layer3()
    {
        var h = new CoreHarness(Wide with { MaxOrdersPerMinute = 2 });
        h.Step(Bar(0, T0, 100));
        Only(h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 1)), RecordKind.Order);
        Only(h.Step(Bar(0, T0 + Minute + 1, 100), (AlphaA, 0, 2)), RecordKind.Order);
        var third = Only(h.Step(Bar(0, T0 + Minute + 2, 100), (AlphaA, 0, 3)), RecordKind.Reject);
        Assert.Equal((ushort)RejectReason.OrderRate, third.Aux);
        // A minute after the first order, the window has room again.
        Only(h.Step(Bar(0, T0 + 2 * Minute, 100), (AlphaA, 0, 3)), RecordKind.Order);
    }

    [Fact]
    public void DailyLoss_TripsTheKillSwitch_FlattensEveryPosition_AndBlocksNewOrders_Layer4()
    {
        var h = new CoreHarness(Wide with { MaxDailyLoss = 100 });
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10), (AlphaB, 0, -4));
        h.Step(Bar(0, T0 + 2 * Minute, 100)); // both orders fill at 100 (+1 bp slippage)
        Assert.Equal(Q(10), h.Core.Ledger.Position(0, 0));
        Assert.Equal(-Q(4), h.Core.Ledger.Position(1, 0));

        var trip = h.Step(Bar(0, T0 + 3 * Minute, 80)); // net long 6 units: −120 of equity
        var e = Only(trip, RecordKind.RiskEvent);
        Assert.Equal((ushort)RejectReason.DailyLoss, e.Aux);
        Assert.Equal(P(100), e.Reject.Limit);
        Assert.True(e.Reject.Value > P(100));
        var flatten = trip.Where(r => r.Kind == RecordKind.Order).ToArray();
        Assert.Equal(2, flatten.Length);
        Assert.All(flatten, o => Assert.Equal(SourceId.Risk, o.Source));
        Assert.Contains(flatten, o => o.Order.Quantity == -Q(10));
        Assert.Contains(flatten, o => o.Order.Quantity == Q(4));
        Assert.True(h.Core.KillSwitchTripped);

        h.Step(Bar(0, T0 + 4 * Minute, 80)); // the flattening orders fill
        Assert.Equal(0, h.Core.Ledger.Position(0, 0));
        Assert.Equal(0, h.Core.Ledger.Position(1, 0));
        var blocked = Only(h.Step(Bar(0, T0 + 5 * Minute, 80), (AlphaA, 0, 1)), RecordKind.Reject);
        Assert.Equal((ushort)RejectReason.KillSwitchActive, blocked.Aux);
    }

    [Fact]
    public void Drawdown_TripsTheKillSwitch_Layer4()
    {
        var h = new CoreHarness(Wide with { MaxDrawdownFraction = 0.001m }); // 0.1% of 200,000 = 200
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 100));
        h.Step(Bar(0, T0 + 2 * Minute, 100));
        Assert.DoesNotContain(h.Step(Bar(0, T0 + 3 * Minute, 99.5m)), r => r.Kind == RecordKind.RiskEvent);
        var e = Only(h.Step(Bar(0, T0 + 4 * Minute, 97.5m)), RecordKind.RiskEvent);
        Assert.Equal((ushort)RejectReason.Drawdown, e.Aux);
    }

    [Fact]
    public void PendingOrders_AreCancelledVisibly_WhenTheKillSwitchTrips()
    {
        var broker = new QpsFast.Engine.Broker.BrokerSettings(LatencyNs: 10 * Minute);
        var h = new CoreHarness(Wide with { MaxDailyLoss = 50 }, broker);
        h.Step(Bar(0, T0, 100));
        h.Step(Bar(1, T0, 100));
        h.Step(Bar(0, T0 + Minute, 100), (AlphaA, 0, 10));
        h.Step(Bar(0, T0 + 12 * Minute, 100)); // filled
        h.Step(Bar(1, T0 + 12 * Minute, 100), (AlphaA, 1, 5)); // pending for 10 minutes
        var trip = h.Step(Bar(0, T0 + 13 * Minute, 90));
        var cancelled = Assert.Single(trip, r => r.Kind == RecordKind.Reject);
        Assert.Equal((ushort)RejectReason.KillSwitchActive, cancelled.Aux);
        Assert.Equal(Q(5), cancelled.Reject.Quantity);
        Assert.True(cancelled.Reject.OrderId > 0);
    }
}
