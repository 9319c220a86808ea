using System.Globalization;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Tests.Strategies;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Risk;

public sealed class KillSwitchSpillTests
{
    private const long MinuteNs = 60_000_000_000;

    [Fact]
    public void KillSwitch_With1024PendingLimitOrdersOver40Symbols_CancelsEachInTurn_FlattensEverything_AndBlocksNewOrders()
    {
        const int symbols = 40;
        var names = Enumerable.Range(0, symbols).Select(i => $"S{i}").ToArray();
        var bars = new List<Record>();
        for (int m = 1; m <= 40; m++)
        {
            for (int s = 0; s < symbols; s++)
            {
                decimal p = s == 0 && m >= 31 ? 60 : 100; // symbol 0 falls at minute 31: the daily-loss limit trips
                bars.Add(Md.Bar((ushort)s, Md.T0 + m * MinuteNs, p, p, p + 0.5m, p - 1, 1));
            }
        }
        var settings = new EngineSettings
        {
            Pairs = new() { Enabled = false },
            Breakout = new() { Enabled = false },
            MtfTrend = new() { Enabled = false },
            Momentum = new() { Enabled = false },
            Imbalance = new() { Enabled = false },
            Risk = new RiskSettings(0, 0, 0, 0, 0, 0, 0, 0, MaxDailyLoss: 1m),
            // Quantity targets become limit orders 50 % away: they rest, 1,024 of them, until the kill switch.
            Broker = new BrokerSettings(FillMode.NextEvent, UseLimitOrders: true, LimitOffsetBps: 5000m, MaxPendingOrders: 1024),
        };
        var strategies = new StrategyPair<Stacker, BuyOnce>(new Stacker(AlphaIds.FirstUser), new BuyOnce(AlphaIds.FirstUser + 1));
        var (engine, records) = StrategyRun.Run(strategies, settings, names, bars.ToArray());

        var trip = Assert.Single(records, r => r.Kind == RecordKind.RiskEvent);
        Assert.Equal((ushort)RejectReason.DailyLoss, trip.Aux);
        var before = records.TakeWhile(r => r.Sequence != trip.Sequence).ToList();
        // The orders resting at the trip: every order not filled or cancelled before it.
        var resting = before.Where(r => r.Kind == RecordKind.Order).Select(r => r.Order.OrderId).ToHashSet();
        resting.ExceptWith(before.Where(r => r.Kind == RecordKind.Fill && r.Fill.LeavesQuantity == 0).Select(r => r.Fill.OrderId));
        Assert.Equal(1024, resting.Count);
        // Every one of them is cancelled, once, in order, journaled across the inputs that follow; none fills.
        var after = records.SkipWhile(r => r.Sequence != trip.Sequence).ToList();
        var cancels = after.Where(r => r.Kind == RecordKind.Reject && r.Reject.OrderId != 0).ToList();
        Assert.All(cancels, c => Assert.Equal((ushort)RejectReason.KillSwitchActive, c.Aux));
        Assert.Equal(resting.Order(), cancels.Select(c => c.Reject.OrderId).Order());
        Assert.Equal(cancels.Select(c => c.Reject.OrderId).Order(), cancels.Select(c => c.Reject.OrderId)); // oldest first
        // Spread over the following inputs (a slot holds 64 records): count the inputs whose records include cancels.
        long input = -1;
        var inputsWithCancels = new HashSet<long>();
        foreach (var r in after)
        {
            if (r.Source == SourceId.Feed)
                input = r.Sequence;
            else if (r.Kind == RecordKind.Reject && r.Reject.OrderId != 0)
                inputsWithCancels.Add(input);
        }
        Assert.InRange(inputsWithCancels.Count, 1024 / 64 + 1, 1024);
        Assert.DoesNotContain(after, r => r.Kind == RecordKind.Fill && resting.Contains(r.Fill.OrderId));
        // Flattened: the kill switch's own orders, then no position left in any book.
        for (int b = 0; b < engine.Core.Ledger.Books; b++)
            for (int s = 0; s < symbols; s++)
                Assert.Equal(0, engine.Core.Ledger.Position(b, s));
        Assert.Equal(symbols, after.Count(r => r.Kind == RecordKind.Order));
        // Blocked: every signal after the trip is rejected.
        int signalsAfter = after.Count(r => r.Kind == RecordKind.Signal);
        Assert.True(signalsAfter > 100);
        Assert.Equal(signalsAfter, after.Count(r => r.Kind == RecordKind.Reject && r.Reject.OrderId == 0 && r.Aux == (ushort)RejectReason.KillSwitchActive));
        Assert.True(engine.Core.KillSwitchTripped);
    }

    /// <summary>Asks for one more unit of every symbol at every bar: with limit orders 50 % away, they pile up.</summary>
    private readonly struct Stacker(byte source) : IStrategy
    {
        private readonly long[] _target = new long[64];

        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(source, "stacker"));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context)
        {
            if (slot.Input.Kind == RecordKind.Bar && slot.Input.Aux == 1)
                context.Book(source).TargetQuantity(ref slot, slot.Input.Symbol, _target[slot.Input.Symbol] += FixedPoint.Scale);
        }
    }

    /// <summary>Buys one unit of each symbol at its first bar, with a limit far above the market: it fills at the next bar.</summary>
    private readonly struct BuyOnce(byte source, bool flatten = false) : IStrategy
    {
        private readonly bool[] _done = new bool[64];

        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(source, "buy-once", FlattenAtSessionEnd: flatten));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context)
        {
            int s = slot.Input.Symbol;
            if (slot.Input.Kind != RecordKind.Bar || _done[s])
                return;
            _done[s] = true;
            context.Book(source).TargetQuantity(ref slot, (ushort)s, FixedPoint.Scale, slot.Input.Bar.Close * 2);
        }
    }

    [Fact]
    public void FlattenAtSessionEnd_OverMoreSymbolsThanASlotHolds_ContinuesOnHeartbeats_TheSameInEveryTopology()
    {
        const int symbols = 60;
        var names = Enumerable.Range(0, symbols).Select(i => $"S{i}").ToArray();
        var bars = new List<Record>();
        for (int m = 1; m <= 3; m++)
            for (int s = 0; s < symbols; s++)
                bars.Add(Md.Bar((ushort)s, Md.T0 + m * MinuteNs, 100 + m, 100 + m, 101 + m, 99 + m, 1));
        var settings = StrategyRun.Frictionless(FillMode.NextEvent) with { Timeframes = [5] };
        (ulong, long)? digest = null;
        foreach (var topology in new[] { Topology.Fused, Topology.Staged })
        {
            var (engine, records) = StrategyRun.Run(new BuyOnce(AlphaIds.FirstUser, flatten: true), settings, names, bars.ToArray(), topology);
            int book = StrategyRun.BookOf(engine, AlphaIds.FirstUser);
            for (int s = 0; s < symbols; s++)
                Assert.Equal(0, engine.Core.Ledger.Position(book, s));
            // 60 closes (an order and a fill each) do not fit in the session-end slot: heartbeats carry them on.
            var inputs = records.Where(r => r.Source == SourceId.Feed).ToList();
            int end = inputs.FindIndex(r => r.Kind == RecordKind.SessionEnd);
            Assert.True(inputs.Count - end - 1 >= 2, $"{inputs.Count - end - 1} heartbeats");
            Assert.All(inputs.Skip(end + 1), r => Assert.Equal(RecordKind.Heartbeat, r.Kind));
            var closes = records.SkipWhile(r => r.Kind != RecordKind.SessionEnd).Where(r => r.Kind == RecordKind.Fill).ToList();
            Assert.Equal(symbols, closes.Count);
            Assert.All(closes, f => Assert.Equal((Md.Q(-1), Md.P(103)), (f.Fill.Quantity, f.Fill.Price)));
            // The last records are the final marks, at the last heartbeat: the book flat, its cash all there is.
            var lastMark = records.Last(r => r.Kind == RecordKind.Mark && r.Source == AlphaIds.FirstUser);
            Assert.Equal(lastMark.Mark.Cash, lastMark.Mark.Equity);
            Assert.Equal(RecordKind.Mark, records[^1].Kind);
            var d = new RecordStreamDigest();
            d.Append(records.ToArray());
            digest ??= (d.Value, d.Count);
            Assert.Equal(digest.Value, (d.Value, d.Count));
        }
    }

    [Fact]
    public void NoConfigurationTheValidatorAccepts_OverflowsASlot_OverRandomConfigsAndData()
    {
        var rng = new Random(20261201);
        int accepted = 0, refused = 0, tripped = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            string json = RandomConfig(rng);
            EngineSettings settings;
            try
            {
                settings = EngineConfig.Parse(json, $"trial {trial}");
            }
            catch (ConfigException)
            {
                refused++;
                continue;
            }
            accepted++;
            int symbols = rng.Next(2, 13);
            var market = new SyntheticMarket(new SyntheticOptions(Days: 1, Symbols: symbols, Seed: trial));
            var inputs = new List<Record>();
            market.Generate(c => inputs.AddRange(c.ToArray()));
            var strategies = new StrategyPair<BookTradingStrategy, BookTradingStrategy>(new(AlphaIds.FirstUser, 7 + rng.Next(20)), new(AlphaIds.FirstUser + 1, 5 + rng.Next(20)));
            var stats = new StreamStats();
            var engine = new EngineBuilder(settings, SyntheticMarket.NamesFor(symbols)).Build(strategies, new StatsSink(stats));
            engine.Start(trial, inputs[0].TimeNs);
            engine.Publish(inputs.ToArray()); // an overflow halts the engine and throws here or at Complete
            engine.Complete();
            Assert.False(engine.Core.HasDeferredWork, json);
            if (engine.Core.KillSwitchTripped)
                tripped++;
        }
        Assert.True(accepted >= 20 && refused >= 3 && tripped >= 3, $"accepted {accepted}, refused {refused}, kill switch tripped {tripped}");
    }

    private static string RandomConfig(Random rng)
    {
        var inv = CultureInfo.InvariantCulture;
        int[] frames = [.. new[] { 2, 3, 5, 10, 15, 30, 60, 240, 1440 }.Where(_ => rng.Next(3) > 0)];
        string B() => rng.Next(2) == 0 ? "true" : "false";
        return $$"""
            {
              "alphas": {
                "pairs": { "enabled": {{B()}} },
                "breakout": { "enabled": {{B()}}, "timeframeMinutes": {{(frames.Length > 0 ? frames[rng.Next(frames.Length)] : 1)}}, "period": {{rng.Next(2, 30)}} },
                "mtfTrend": { "enabled": {{B()}} },
                "momentum": { "enabled": {{B()}}, "long": {{rng.Next(0, 14)}}, "short": {{rng.Next(0, 14)}}, "lookbackMinutes": {{rng.Next(1, 60)}}, "rebalanceMinutes": {{rng.Next(1, 30)}} },
                "imbalance": { "enabled": {{B()}} }
              },
              "risk": {
                "maxOrderNotional": 0, "maxPositionNotional": 0, "maxOrdersPerMinute": {{rng.Next(0, 3) * 500}},
                "maxDailyLoss": {{(rng.Next(3) == 0 ? rng.Next(1, 300) : 0)}},
                "maxDrawdownFraction": {{(rng.Next(3) == 0 ? (rng.NextDouble() * 0.002).ToString("0.00000", inv) : "0")}}
              },
              "broker": {
                "mode": "{{(rng.Next(2) == 0 ? "NextEvent" : "NextBarOpen")}}",
                "useLimitOrders": {{B()}}, "limitOffsetBps": {{rng.Next(0, 200)}}, "maxPendingOrders": {{rng.Next(1, 2000)}}
              },
              "portfolio": { "markIntervalMinutes": {{rng.Next(1, 120)}} },
              "timeframes": [{{string.Join(", ", frames.DefaultIfEmpty(5))}}]
            }
            """;
    }
}
