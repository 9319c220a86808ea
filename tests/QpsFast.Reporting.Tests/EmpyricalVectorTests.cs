namespace QpsFast.Reporting.Tests;

/// <summary>
/// The metrics against empyrical's own regression vectors: quantopian/empyrical, empyrical/tests/test_stats.py at
/// commit 0a9fa58, and, where the maintained fork corrected them, stefan-jansen/empyrical-reloaded,
/// tests/test_stats.py at 31173cf: Sortino over weekly and monthly periods (0a9fa58's vectors took the downside risk at
/// 252 periods whatever the period: 0.5069 for weekly_returns, against 1.1159 when both use 52) and alpha, compounded
/// there ((1 + mean residual)^252 − 1: −0.99979 where 0a9fa58 had −8.3067 = mean × 252). The series and expected
/// values are those files'; the tolerance is theirs, numpy's assert_almost_equal (|Δ| &lt; 1.5 × 10^−d): 8 decimals, 4 for
/// the cumulative returns, 1 for the tail ratio. mixed_returns starts with a NaN: the figures are empyrical's, so a
/// warm-up's leading NaN does not poison them.
/// </summary>
public sealed class EmpyricalVectorTests
{
    private const double NaN = double.NaN;
    private static readonly double[] Empty = [];
    private static readonly double[] OneReturn = [0.01];
    private static readonly double[] SimpleBenchmark = P(0, 1, 0, 1, 0, 1, 0, 1, 0);
    private static readonly double[] PositiveReturns = P(1, 2, 1, 1, 1, 1, 1, 1, 1);
    private static readonly double[] NegativeReturns = P(0, -6, -7, -1, -9, -2, -6, -8, -5);
    private static readonly double[] MixedReturns = P(NaN, 1, 10, -4, 2, 3, 2, 1, -10);
    private static readonly double[] Weekly = P(0, 1, 10, -4, 2, 3, 2, 1, -10); // weekly_returns and monthly_returns
    private static readonly double[] FlatLine1Tz = Enumerable.Repeat(0.01, 1000).ToArray();
    private static readonly double[] One = [-0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036];
    private static readonly double[] Two = [0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769];

    private static readonly MetricConventions Daily = MetricConventions.Default;
    private static readonly MetricConventions Weeks = new(52, "52 weeks");
    private static readonly MetricConventions Months = new(12, "12 months");

    private static double[] P(params double[] percent) => [.. percent.Select(p => p / 100)];

    private static void Same(double expected, double actual, int decimals = 8)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
            Assert.Equal(expected, actual);
        else
            Assert.True(Math.Abs(expected - actual) < 1.5 * Math.Pow(10, -decimals), $"expected {expected:R}, got {actual:R} ({decimals} decimals)");
    }

    [Fact]
    public void CumulativeReturns_MaxDrawdown_AnnualReturn_Volatility_Calmar_AndCagr()
    {
        Same(0.03893, ReturnMetrics.Of(MixedReturns).TotalReturn, 4);
        Same(-0.36590, ReturnMetrics.Of(NegativeReturns).TotalReturn, 4);
        Same(NaN, ReturnMetrics.Of(Empty).TotalReturn);
        foreach (var (series, expected) in new[] { (Empty, NaN), (OneReturn, 0.0), (SimpleBenchmark, 0.0), (MixedReturns, -0.1), (PositiveReturns, -0.0), (NegativeReturns, -0.36590730349873601), (P(10, -10, 10), -0.10) })
            Same(expected, ReturnMetrics.Of(series).MaxDrawdown);
        Same(1.9135925373194231, ReturnMetrics.Of(MixedReturns, Daily).Cagr);
        Same(0.24690830513998208, ReturnMetrics.Of(Weekly, Weeks).Cagr);
        Same(0.052242061386048144, ReturnMetrics.Of(Weekly, Months).Cagr);
        Same(0.0, ReturnMetrics.Of(FlatLine1Tz, Daily).AnnualVolatility);
        Same(0.9136465399704637, ReturnMetrics.Of(MixedReturns, Daily).AnnualVolatility);
        Same(0.38851569394870583, ReturnMetrics.Of(Weekly, Weeks).AnnualVolatility);
        Same(0.18663690238892558, ReturnMetrics.Of(Weekly, Months).AnnualVolatility);
        Same(NaN, ReturnMetrics.Of(Empty).Calmar);
        Same(NaN, ReturnMetrics.Of(OneReturn).Calmar);
        Same(19.135925373194233, ReturnMetrics.Of(MixedReturns, Daily).Calmar);
        Same(2.4690830513998208, ReturnMetrics.Of(Weekly, Weeks).Calmar);
        Same(0.52242061386048144, ReturnMetrics.Of(Weekly, Months).Calmar);
        Same(NaN, ReturnMetrics.Of(Empty).Cagr);
        Same(11.274002099240244, ReturnMetrics.Of(OneReturn).Cagr);
        Same(11.274002099240256, ReturnMetrics.Of(FlatLine1Tz).Cagr);
        Same(0.03, ReturnMetrics.Of(P(3, 3, 3), new MetricConventions(1, "1 year")).Cagr);
    }

    [Fact]
    public void Sharpe_Sortino_AndDownsideRisk()
    {
        foreach (var (series, expected) in new[] { (Empty, NaN), (OneReturn, NaN), (MixedReturns, 1.7238613961706866), (PositiveReturns, 52.915026221291804), (NegativeReturns, -24.406808633910085) })
            Same(expected, ReturnMetrics.Of(series).Sharpe);
        foreach (var (series, required, c, expected) in new[]
        {
            (Empty, 0.0, Daily, NaN), (OneReturn, 0.0, Daily, 0.0), (MixedReturns, 0.0, Daily, 0.60448325038829653), (MixedReturns, 0.1, Daily, 1.7161730681956295),
            (Weekly, 0.0, Weeks, 0.25888650451930134), (Weekly, 0.1, Weeks, 0.7733045971672482), (Weekly, 0.0, Months, 0.1243650540411842), (Weekly, 0.1, Months, 0.37148351242013422),
            (One, 0.0, Daily, 0.20671788246185202), (Two, 0.0, Daily, 0.083495680595704475), (One, 0.0, Weeks, 0.093902996054410062), (Two, 0.0, Weeks, 0.037928477556776516),
            (One, 0.0, Months, 0.045109540184877193), (Two, 0.0, Months, 0.018220251263412916),
        })
            Same(expected, ReturnMetrics.Of(series, c with { RequiredReturnPerPeriod = required }).DownsideRisk);
        foreach (var (series, c, expected) in new[]
        {
            (Empty, Daily, NaN), (OneReturn, Daily, NaN), (MixedReturns, Daily, 2.605531251673693), (PositiveReturns, Daily, double.PositiveInfinity),
            (NegativeReturns, Daily, -13.532743075043401), (SimpleBenchmark, Daily, double.PositiveInfinity),
            (Weekly, Weeks, 1.1158901056866439), (Weekly, Months, 0.53605626741889756), // empyrical-reloaded
            (One, Daily, 3.0639640966566306), (Two, Daily, 38.090963117002495),
            (One, Weeks, 1.3918264112070571), (Two, Weeks, 17.303077589064618), (One, Months, 0.6686117809312383), (Two, Months, 8.3121296084492844), // empyrical-reloaded
        })
            Same(expected, ReturnMetrics.Of(series, c).Sortino);
    }

    [Fact]
    public void Omega_Stability_TailRatio_AndAlphaBeta()
    {
        foreach (var (series, riskFree, required, expected) in new[]
        {
            (Empty, 0.0, 0.0, NaN), (OneReturn, 0.0, 0.0, NaN), (MixedReturns, 0.0, 10.0, 0.83354263497557934), (MixedReturns, 0.0, -10.0, NaN),
            (PositiveReturns, 0.01, 0.0, NaN), (PositiveReturns, 0.011, 0.0, 1.125), (PositiveReturns, 0.02, 0.0, 0.0), (NegativeReturns, 0.01, 0.0, 0.0),
        })
            Same(expected, ReturnStatistics.Omega(ReturnStatistics.WithoutNaN(series), riskFree, required, 252));
        Same(NaN, ReturnMetrics.Of(Empty).Stability);
        Same(NaN, ReturnMetrics.Of(OneReturn).Stability);
        Same(0.1529973665111273, ReturnMetrics.Of(MixedReturns).Stability);
        Same(1.0, ReturnMetrics.Of(FlatLine1Tz).Stability);
        Same(NaN, ReturnMetrics.Of(Empty).TailRatio);
        Same(1.0, ReturnMetrics.Of(OneReturn).TailRatio, 1);
        Same(0.9473684210526313, ReturnMetrics.Of(MixedReturns).TailRatio, 1);
        // alpha_beta: mixed_returns against negative_returns[1:], aligned by date (mixed_returns' NaN day has no pair).
        var (alpha, beta) = ReturnStatistics.AlphaBeta(MixedReturns.AsSpan(1), NegativeReturns.AsSpan(1), 0, 252);
        Same(-0.9997853834885004, alpha); // empyrical-reloaded (compounded)
        Same(-0.71296296296296313, beta);
        (alpha, beta) = ReturnStatistics.AlphaBeta(MixedReturns, MixedReturns, 0, 252);
        Same(0.0, alpha);
        Same(1.0, beta);
        (alpha, beta) = ReturnStatistics.AlphaBeta(MixedReturns, [.. MixedReturns.Select(r => -r)], 0, 252);
        Same(0.0, alpha);
        Same(-1.0, beta);
        Assert.True(double.IsNaN(ReturnStatistics.AlphaBeta(OneReturn, OneReturn, 0, 252).Beta));
        Assert.True(double.IsNaN(ReturnStatistics.AlphaBeta(MixedReturns, P(1, 1, 1, 1, 1, 1, 1, 1, 1), 0, 252).Beta)); // a flat benchmark
    }

    [Fact]
    public void ValueAtRisk_IsTheFifthPercentile_AndConditionalValueAtRisk_TheMeanBelowIt()
    {
        // numpy: np.percentile([-0.10, -0.04, 0.01, 0.01, 0.02, 0.02, 0.03, 0.10], 5) = -0.079 (rank 0.35 between the two lowest).
        var m = ReturnMetrics.Of(MixedReturns);
        Same(-0.079, m.ValueAtRisk, 12);
        Same(-0.10, m.ConditionalValueAtRisk, 12);
    }

    [Fact]
    public void RollingSharpe_IsTheSharpeOfEachTrailingWindow()
    {
        var rolling = ReturnStatistics.RollingSharpe(Two, 4, Daily);
        Assert.True(double.IsNaN(rolling[2]));
        Same(ReturnMetrics.Of(Two.AsSpan(4, 4)).Sharpe, rolling[7], 12);
        Same(ReturnMetrics.Of(Two.AsSpan(0, 4)).Sharpe, rolling[3], 12);
    }
}
