using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Ring;

namespace QpsFast.Reporting.Tests;

public sealed class MetricsTests
{
    // Reference values computed by hand (Python, empyrical's formulas) for returns 1%, −2%, 3%.
    [Fact]
    public void ReturnMetrics_MatchHandComputedValues()
    {
        var m = ReturnMetrics.Of([0.01, -0.02, 0.03]);
        Assert.Equal(3, m.Periods);
        Assert.Equal(0.019494, m.TotalReturn, 9);
        Assert.Equal(4.0618891594, m.Cagr, 8);
        Assert.Equal(0.3994996871, m.AnnualVolatility, 8);
        Assert.Equal(4.2052598643, m.Sharpe, 8);
        Assert.Equal(9.1651513899, m.Sortino, 8);
        Assert.Equal(-0.02, m.MaxDrawdown, 12);
        Assert.Equal(1, m.MaxDrawdownDuration);
        Assert.Equal(203.0944579708, m.Calmar, 6);
    }

    [Fact]
    public void DrawdownDuration_CountsPeriodsBelowThePeak()
    {
        var m = ReturnMetrics.Of([0.10, -0.05, -0.05, 0.02, 0.20, -0.01]);
        // Wealth: 1.1, 1.045, 0.99275, 1.012605, 1.215126, 1.2029747: 3 periods under the 1.1 peak.
        Assert.Equal(3, m.MaxDrawdownDuration);
        Assert.Equal(0.99275 / 1.1 - 1, m.MaxDrawdown, 12);
    }

    [Fact]
    public void Correlation_IsPearson()
    {
        Assert.Equal(0.9647638212, ReturnMetrics.Correlation([1, 2, 3, 4], [2, 4, 5, 9]), 9);
        Assert.Equal(-1, ReturnMetrics.Correlation([1, 2, 3], [3, 2, 1]), 12);
        Assert.True(double.IsNaN(ReturnMetrics.Correlation([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void TradeMetrics_MatchHandComputedValues()
    {
        var t = TradeMetrics.Of([100, -50, 30, -20, 0], fills: 12);
        Assert.Equal(5, t.RoundTrips);
        Assert.Equal(12, t.Fills);
        Assert.Equal(0.4, t.WinRate, 12);           // 2 of 5
        Assert.Equal(130.0 / 70.0, t.ProfitFactor, 12);
        Assert.Equal(12, t.Expectancy, 12);          // 60 / 5
        Assert.Equal(65, t.AverageWin, 12);
        Assert.Equal(-35, t.AverageLoss, 12);
    }

    [Fact]
    public void SessionAnalysis_OfARealJournal_AgreesWithTheEngine()
    {
        var dir = Directory.CreateTempSubdirectory("qps-report-").FullName;
        try
        {
            var records = new List<QpsFast.Engine.Records.Record>();
            new SyntheticMarket(new SyntheticOptions(Days: 5)).Generate(c => records.AddRange(c));
            var manifest = new SessionManifest("r", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings());
            var engine = SessionRunner.Run(new SessionPlan { Manifest = manifest, JournalDirectory = dir }, records.ToArray()).Engine;
            var analysis = SessionAnalysis.FromJournal(dir);
            Assert.Equal(5, analysis.Alphas.Count);
            for (int b = 0; b < 5; b++)
            {
                var a = analysis.Alphas[b];
                Assert.Equal(engine.Core.RoundTrips(b), a.Trades.RoundTrips);
                Assert.Equal(engine.Core.Ledger.FillCount(b), a.Trades.Fills);
                Assert.Equal(QpsFast.Engine.Values.FixedPoint.ToDouble(engine.Core.Ledger.Equity(b, engine.Core.Marks)), a.FinalEquity, 6);
                Assert.Equal(5, a.DailyReturns.Length);
                // Compounding the daily returns gives back the final equity.
                Assert.Equal(a.FinalEquity / a.InitialCapital - 1, a.Returns.TotalReturn, 9);
                Assert.Equal(1, analysis.Correlations[b, b]);
            }
            Assert.Equal(analysis.Correlations[0, 1], analysis.Correlations[1, 0], 12);
            Assert.Equal(analysis.Alphas.Sum(a => a.Trades.RoundTrips), analysis.Portfolio.Trades.RoundTrips);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(5, false, false)]
    [InlineData(29, false, false)]
    [InlineData(30, true, false)]
    [InlineData(252, true, true)]
    public void AnnualizedFigures_AreMarkedUnreliable_OnFewReturns(int periods, bool reliable, bool cagrReliable)
    {
        var returns = Enumerable.Range(0, periods).Select(i => i % 2 == 0 ? 0.01 : -0.005).ToArray();
        var m = ReturnMetrics.Of(returns);
        Assert.Equal((reliable, cagrReliable), (m.Reliable, m.CagrReliable));
        Assert.Equal(cagrReliable, m.ReliabilityNote is null);
        if (!reliable)
            Assert.Contains($"{periods} daily returns", m.ReliabilityNote);
    }
}
