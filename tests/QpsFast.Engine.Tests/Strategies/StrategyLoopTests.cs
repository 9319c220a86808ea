using System.Globalization;
using QpsFast.Data.Readers;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Strategies;

public sealed class StrategyLoopTests
{
    private const byte User = AlphaIds.FirstUser;
    private const long MinuteNs = 60_000_000_000;
    private const long DayNs = 1440 * MinuteNs;

    [SkippableFact]
    public void AllInSmaCrossover_OnRealDailyBars_EqualsAPlainLoop_ToTheCent()
    {
        string path = SharedData.PathOf("daily/orcl-1995-2014.txt");
        var data = BarCsvReader.Read(path, "ORCL");
        // samples/QpsFast.Samples/SmaCrossover.cs, as qps live --strategy loads it: fast 10, slow 30, 100 % of equity.
        using var parameters = System.Text.Json.JsonDocument.Parse("""{ "fast": 10, "slow": 30, "percent": 100 }""");
        var strategy = QpsFast.Samples.SmaCrossover.Create(new QpsFast.Engine.Strategies.StrategyArgs(User, parameters.RootElement, data.Symbols));
        var (engine, records) = StrategyRun.Run(strategy, StrategyRun.Frictionless(), data.Symbols, data.Records);
        int book = StrategyRun.BookOf(engine, User);
        decimal engineEquity = FixedPoint.ToDecimal(engine.Core.Ledger.Equity(book, engine.Core.Marks));
        long engineFills = engine.Core.Ledger.FillCount(book);

        // The independent loop: text in, decimals only, no engine types. Signal at a bar's close, fill at the next
        // bar's open with every dollar of cash in whole shares; sell everything on the way down.
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .Select(f => (Open: decimal.Parse(f[1], CultureInfo.InvariantCulture), Close: decimal.Parse(f[4], CultureInfo.InvariantCulture))).ToArray();
        decimal cash = 100_000m, shares = 0;
        int fills = 0, roundTrips = 0, pending = 0, side = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            if (pending > 0 && Math.Floor(cash / rows[i].Open) > 0)
            {
                shares = Math.Floor(cash / rows[i].Open);
                cash -= shares * rows[i].Open;
                fills++;
            }
            else if (pending < 0 && shares > 0)
            {
                cash += shares * rows[i].Open;
                shares = 0;
                fills++;
                roundTrips++;
            }
            pending = 0;
            if (i < 29)
                continue;
            decimal fast = 0, slow = 0;
            for (int k = i - 9; k <= i; k++) fast += rows[k].Close;
            for (int k = i - 29; k <= i; k++) slow += rows[k].Close;
            int now = fast / 10 > slow / 30 ? 1 : -1;
            if (side != 0 && now != side)
                pending = now;
            side = now;
        }
        decimal loopEquity = cash + shares * rows[^1].Close;

        Assert.True(fills > 100, $"{fills} fills");
        Assert.Equal(Math.Round(loopEquity, 2), Math.Round(engineEquity, 2));
        Assert.Equal(loopEquity, engineEquity); // exact, in fact: whole shares at 6-decimal prices
        Assert.Equal(fills, engineFills);
        Assert.Equal(roundTrips, engine.Core.RoundTrips(book));
        Assert.Equal(0, engine.Core.Ledger.FillCount(0)); // the built-ins are off
        // Sized at the fill price: every buy spends the whole cash but less than one share's price.
        Assert.All(records.Where(r => r.Kind == RecordKind.Fill && r.Fill.Quantity > 0), f => Assert.Equal(0, f.Fill.Quantity % FixedPoint.Scale));
    }

    [Theory]
    [InlineData(1_000_000L, 1)]            // 1 ms: the next bar (the bar after the signal's, not the one after that)
    [InlineData(59_999_000_000L, 1)]       // just under a bar
    [InlineData(60_000_000_000L, 1)]       // exactly one bar
    [InlineData(90_000_000_000L, 2)]       // a bar and a half: delayed by one whole bar
    [InlineData(180_000_000_000L, 3)]      // three bars
    public void NextBarOpen_OnContiguousMinuteBars_FillsAtTheOpenOfTheBarAfterTheSignal_DelayedByWholeBarsPastOne(long latencyNs, int barsLater)
    {
        var bars = Enumerable.Range(0, 12).Select(i => Md.Bar(0, Md.T0 + (i + 1) * MinuteNs, 100.5m + i, 100 + i, 101 + i, 99 + i, 1)).ToArray();
        var (_, records) = StrategyRun.Run(new BuyAtBar(User, 4, 10), StrategyRun.Frictionless(latencyNs: latencyNs), ["X"], bars);
        var fill = Assert.Single(records, r => r.Kind == RecordKind.Fill);
        Assert.Equal(bars[4 + barsLater].TimeNs, fill.TimeNs);
        Assert.Equal(bars[4 + barsLater].Bar.Open, fill.Fill.Price);
    }

    [Fact]
    public void NextBarOpen_OnDailyBars_FillsOnTheNextTradingDay_OverAWeekendAndAHoliday()
    {
        // Thu 4, Fri 5, Mon 8, Tue 9, (Wed 10: holiday), Thu 11 January 2024; each bar stamped at its close (midnight after).
        int[] days = [3, 4, 7, 8, 10];
        var bars = days.Select((d, i) => Md.Bar(0, Md.T0 + (d + 1) * DayNs, 50.5m + i, 50 + i, 51 + i, 49 + i, 1440)).ToArray();
        foreach (var (signalBar, fillBar) in new[] { (1, 2), (3, 4), (0, 1) })
        {
            var (_, records) = StrategyRun.Run(new BuyAtBar(User, signalBar, 1), StrategyRun.Frictionless(), ["X"], bars);
            var fill = Assert.Single(records, r => r.Kind == RecordKind.Fill);
            Assert.Equal((signalBar, bars[fillBar].Bar.Open), (signalBar, fill.Fill.Price));
        }
    }

    [Fact]
    public void StopLoss_AtFillPriceMinusTwoAtr_ExitsOnTheFirstCloseBelowIt()
    {
        // 20 flat bars with a true range of exactly 1 (ATR 1), then a slide of 0.5 a bar with the same range.
        var bars = new List<Record>();
        for (int i = 0; i < 20; i++)
            bars.Add(Md.Bar(0, Md.T0 + (i + 1) * MinuteNs, 100, 100, 100.5m, 99.5m, 1));
        decimal c = 100;
        for (int i = 20; i < 40; i++)
        {
            decimal open = c;
            c -= 0.5m;
            bars.Add(Md.Bar(0, Md.T0 + (i + 1) * MinuteNs, c, open, open + 0.25m, c - 0.25m, 1));
        }
        var strategy = new StopLossStrategy(User, entryBar: 15, units: 10);
        var (engine, records) = StrategyRun.Run(strategy, StrategyRun.Frictionless(), ["X"], bars.ToArray());

        var fills = records.Where(r => r.Kind == RecordKind.Fill).ToList();
        Assert.Equal(2, fills.Count);
        // Entry: signal at bar 15, filled at bar 16's open, 100; the ATR then is 1, so the stop is 98.
        Assert.Equal((bars[16].TimeNs, Md.P(100), Md.Q(10)), (fills[0].TimeNs, fills[0].Fill.Price, fills[0].Fill.Quantity));
        // The strategy saw the fill at bar 16 itself, before processing it: position, average price and stop.
        Assert.Equal((16, Md.Q(10), Md.P(100), Md.P(98)), strategy.Seen[16]);
        Assert.Equal((15, 0L, 0L, 0L), strategy.Seen[15]);
        // Closes: bar 20 99.5, 21 99, 22 98.5, 23 98, 24 97.5 — the first below 98. Exit at bar 25's open, 97.5.
        Assert.Equal((bars[25].TimeNs, Md.P(97.5m), Md.Q(-10)), (fills[1].TimeNs, fills[1].Fill.Price, fills[1].Fill.Quantity));
        Assert.Equal(0, engine.Core.Ledger.Position(StrategyRun.BookOf(engine, User), 0));
    }
}
