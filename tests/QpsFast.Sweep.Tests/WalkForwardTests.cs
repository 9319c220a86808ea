using QpsFast.Data.Synthetic;
using QpsFast.Engine.Strategies;

namespace QpsFast.Sweep.Tests;

public sealed class WalkForwardTests
{
    [Fact]
    public void DeflatedSharpe_MatchesThePapersNumericalExample()
    {
        // Bailey and López de Prado (2014), "The Deflated Sharpe Ratio", section 5's example: an annualized Sharpe of 2.5
        // chosen among N = 100 trials whose annualized Sharpe ratios have a variance of 0.5, T = 1,250 daily returns,
        // skewness −3, kurtosis 10: SR₀ ≈ 0.1132 a day (1.79 a year), DSR ≈ 0.9004.
        double perDay = Math.Sqrt(250);
        Assert.Equal(0.1132, DeflatedSharpe.ExpectedMaximum(100, 0.5 / 250), 4);
        Assert.Equal(0.9004, DeflatedSharpe.Of(2.5 / perDay, 1250, 100, 0.5 / 250, -3, 10), 4);
        // One trial: no selection, so the benchmark is 0 and DSR is the probabilistic Sharpe ratio against 0.
        Assert.Equal(0, DeflatedSharpe.ExpectedMaximum(1, 0.5));
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963985, 0.975)]
    [InlineData(-1.0, 0.158655254)]
    [InlineData(3.0, 0.998650102)]
    public void NormalDistribution_AndItsInverse(double x, double p)
    {
        Assert.Equal(p, DeflatedSharpe.NormalCdf(x), 7);
        Assert.Equal(x, DeflatedSharpe.NormalQuantile(p), 6);
    }

    [Fact]
    public void Moments_OfAKnownSeries()
    {
        // 1, 2, 3, 4, 10: mean 4, sample sd √12.5; population m2 = 10, m3 = 36, m4 = 278.8.
        var (sharpe, skew, kurt, n) = DeflatedSharpe.Moments([1, 2, double.NaN, 3, 4, 10]);
        Assert.Equal(5, n);
        Assert.Equal(4 / Math.Sqrt(12.5), sharpe, 12);
        Assert.Equal(36 / Math.Pow(10, 1.5), skew, 12);
        Assert.Equal(2.788, kurt, 12);
    }

    [Theory]
    [InlineData("train=60d,test=20d", 60, 20, 20)]
    [InlineData("train=60d,test=20d,step=10d", 60, 20, 10)]
    [InlineData("test=5d,train=10d", 10, 5, 5)]
    public void Spec_Parses(string text, int train, int test, int step) =>
        Assert.Equal(new WalkForwardSpec(train, test, step), WalkForwardSpec.Parse(text));

    [Theory]
    [InlineData("train=60,test=20d")]
    [InlineData("train=60d")]
    [InlineData("train=60d,test=20d,test=5d")]
    [InlineData("train=0d,test=20d")]
    [InlineData("train=60d,test=20d,foo=1d")]
    public void BadSpecs_AreRefused(string text) =>
        Assert.Throws<FormatException>(() => WalkForwardSpec.Parse(text));

    [Fact]
    public void Windows_TileTheData_AndEachTestRunsTheTrainingWindowsBest()
    {
        var records = new List<QpsFast.Engine.Records.Record>();
        new SyntheticMarket(new SyntheticOptions(9, 4, 3)).Generate(chunk => records.AddRange(chunk.ToArray()));
        var data = new SweepData([.. records], SyntheticMarket.NamesFor(4), 3);
        var plan = new SweepPlan("{}", [SweepParameter.Parse("alphas.pairs.window=60,240")]);
        var r = WalkForward.Run(plan, data, WalkForwardSpec.Parse("train=3d,test=2d"), [], new StrategyRegistry(), 2, "pairs", "interval_sharpe");
        Assert.Equal(3, r.Windows.Count); // days 0–4, 2–6, 4–8 of 9
        Assert.Equal(r.Windows[0].TestFrom, r.Windows[1].TrainFrom.AddDays(1)); // step 2, train 3: window 1 starts 2 days after window 0
        Assert.All(r.Windows, w => Assert.Equal(2, w.Trials));
        Assert.Equal(6, r.OutOfSampleReturns.Length); // 2 test days × 3 windows
        Assert.All(r.Windows, w =>
        {
            // The chosen trial is the better of the two in sample, and the test run used its parameters.
            Assert.True(w.Best.Book("pairs")!.IntervalSharpe >= double.NegativeInfinity);
            Assert.Equal(w.Best.Point, w.OutOfSample.Point);
            Assert.InRange(w.Deflated, 0, 1);
        });
        // Deterministic: the same walk-forward again gives the same choices and test digests.
        var again = WalkForward.Run(plan, data, WalkForwardSpec.Parse("train=3d,test=2d"), [], new StrategyRegistry(), 1, "pairs", "interval_sharpe");
        Assert.Equal(r.Windows.Select(w => (w.Best.Trial, w.OutOfSample.Digest)), again.Windows.Select(w => (w.Best.Trial, w.OutOfSample.Digest)));
        Assert.Throws<ArgumentException>(() => WalkForward.Run(plan, data, WalkForwardSpec.Parse("train=9d,test=2d"), [], new StrategyRegistry(), 1, "pairs", "sharpe"));
    }
}
