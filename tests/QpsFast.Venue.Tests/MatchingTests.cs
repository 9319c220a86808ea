using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Venue.Matching;
using QpsFast.Venue.Wire;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Venue.Tests;

public class MatchingTests
{
    private static long P(decimal d) => (long)(d * FixedPoint.Scale);

    private static Record Level(int side, int level, decimal price, decimal size) => new()
    {
        TimeNs = 1, Kind = RecordKind.BookLevel, Symbol = 0,
        Book = new BookLevelPayload { Side = (byte)side, Level = (byte)level, Price = P(price), Size = P(size) },
    };

    private static Record Trade(decimal price, decimal size) => new()
    {
        TimeNs = 2, Kind = RecordKind.Trade, Symbol = 0, Trade = new TradePayload { Price = P(price), Size = P(size), Aggressor = 1 },
    };

    private static List<ExecutionReport> Fills(MatchingEngine m) =>
        [.. m.TakeReports().ToArray().Where(x => x.Type is ExecType.Fill or ExecType.PartialFill)];

    [Fact]
    public void RestingBid_FillsOnlyAfterTheDisplayedSizeAheadHasTraded()
    {
        var m = new MatchingEngine(1, new VenueSettings { FeeBps = 0 });
        m.Apply(Level(0, 0, 100m, 50m)); // 50 bid at 100 ahead of us
        m.Apply(Level(1, 0, 101m, 30m));
        m.Submit(1, 0, P(10m), P(100m));
        var accepted = m.TakeReports().ToArray();
        Assert.Equal(ExecType.Accepted, Assert.Single(accepted).Type);
        Assert.Equal(P(50m), m.QueueAhead(1));

        m.Apply(Trade(100m, 30m));
        Assert.Empty(Fills(m));
        Assert.Equal(P(20m), m.QueueAhead(1));

        m.Apply(Trade(100m, 19m));
        Assert.Empty(Fills(m)); // 49 of the 50 ahead have traded: still nothing for us
        Assert.Equal(P(1m), m.QueueAhead(1));

        m.Apply(Trade(100m, 5m)); // 1 works off the last of the queue, 4 reach us
        var first = Assert.Single(Fills(m));
        Assert.Equal((ExecType.PartialFill, P(4m), P(100m), P(6m)), (first.Type, first.Quantity, first.Price, first.Leaves));

        m.Apply(Trade(100m, 50m)); // only 6 were left: the fill is 6, not 50
        var second = Assert.Single(Fills(m));
        Assert.Equal((ExecType.Fill, P(6m), 0L), (second.Type, second.Quantity, second.Leaves));
        Assert.Equal(0, m.OpenOrders);
        Assert.Equal(P(10m), m.Position(0));
    }

    [Fact]
    public void QueueAhead_ShrinksWhenTheDisplayedLevelDoes()
    {
        var m = new MatchingEngine(1, new VenueSettings());
        m.Apply(Level(0, 0, 100m, 50m));
        m.Submit(1, 0, P(10m), P(100m));
        m.Apply(Level(0, 0, 100m, 8m)); // cancels at the level: at most 8 can still be ahead
        Assert.Equal(P(8m), m.QueueAhead(1));
        m.Apply(Level(0, 0, 100m, 30m)); // size added later queues behind us
        Assert.Equal(P(8m), m.QueueAhead(1));
    }

    [Fact]
    public void FillsFromOneTrade_NeverExceedItsVolume_AcrossOrders()
    {
        var m = new MatchingEngine(1, new VenueSettings());
        m.Apply(Level(1, 0, 105m, 100m));
        m.Submit(1, 0, P(10m), P(100m));
        m.Submit(2, 0, P(10m), P(100.5m));
        m.TakeReports();
        m.Apply(Trade(99m, 12m)); // through both prices, 12 traded
        var fills = Fills(m);
        Assert.Equal(P(12m), fills.Sum(f => f.Quantity));
        Assert.All(fills, f => Assert.True(f.Price >= P(99m)));
    }

    [Fact]
    public void MarketableOrder_WalksTheBookTouchFirst_AndTakenLiquidityStaysTaken()
    {
        var m = new MatchingEngine(1, new VenueSettings { FeeBps = 1m });
        m.Apply(Level(1, 0, 101m, 3m));
        m.Apply(Level(1, 1, 102m, 5m));
        m.Submit(1, 0, P(4m), 0);
        var fills = Fills(m);
        Assert.Equal([(P(3m), P(101m)), (P(1m), P(102m))], fills.Select(f => (f.Quantity, f.Price)));
        Assert.Equal(FixedPoint.Multiply(FixedPoint.Multiply(P(3m), P(101m)), P(0.0001m)), fills[0].Fee);
        m.Submit(2, 0, P(5m), P(102m));
        fills = Fills(m);
        Assert.Equal(P(4m), Assert.Single(fills).Quantity); // 1 of the 5 at 102 is gone; the rest rests
        Assert.Equal(1, m.OpenOrders);
    }

    [Fact]
    public void BadOrders_AreRejectedWithACode()
    {
        var m = new MatchingEngine(2, new VenueSettings());
        m.Submit(1, 5, P(1m), 0);
        m.Submit(2, 0, 0, P(1m));
        m.Submit(3, 0, P(1m), 0); // market order, no market yet
        var codes = m.TakeReports().ToArray().Select(x => (x.Type, (VenueRejectReason)x.Reason)).ToArray();
        Assert.Equal([(ExecType.Rejected, VenueRejectReason.UnknownSymbol), (ExecType.Rejected, VenueRejectReason.ZeroQuantity), (ExecType.Rejected, VenueRejectReason.NoMarket)], codes);
    }
}
