namespace QpsFast.Reporting.Tests;

/// <summary>The tearsheet's figures against hand-computed values.</summary>
public sealed class TearsheetTests
{
    private const long Day = 86_400_000_000_000;

    [Fact]
    public void TopDrawdowns_AreTheDeepestEpisodes_WithPeakTroughRecoveryAndLength()
    {
        // 100 → 90 → 100 (a 10 % episode, recovered on day 2), → 120 → 96 → 110 (20 %, not recovered).
        (long, double)[] curve = [(0, 100), (1 * Day, 90), (2 * Day, 100), (3 * Day, 120), (4 * Day, 96), (5 * Day, 110)];
        var episodes = Tearsheet.TopDrawdowns(curve);
        Assert.Equal(2, episodes.Count);
        Assert.Equal((3 * Day, 4 * Day, (long?)null), (episodes[0].PeakNs, episodes[0].TroughNs, episodes[0].RecoveryNs));
        Assert.Equal(-0.2, episodes[0].Depth, 12);
        Assert.Equal(2, episodes[0].Length.TotalDays, 12);
        Assert.Equal((0L, 1 * Day, (long?)(2 * Day)), (episodes[1].PeakNs, episodes[1].TroughNs, episodes[1].RecoveryNs));
        Assert.Equal(-0.1, episodes[1].Depth, 12);
        Assert.Single(Tearsheet.TopDrawdowns(curve, 1));
    }

    [Fact]
    public void MonthlyReturns_CompoundTheDaysOfEachMonth()
    {
        DateOnly[] days = [new(2024, 1, 30), new(2024, 1, 31), new(2024, 2, 1), new(2024, 2, 2)];
        var months = Tearsheet.MonthlyReturns(days, [0.10, -0.10, 0.05, double.NaN]);
        Assert.Equal(2, months.Count);
        Assert.Equal((2024, 1), (months[0].Year, months[0].Month));
        Assert.Equal(1.1 * 0.9 - 1, months[0].Return, 12);
        Assert.Equal(0.05, months[1].Return, 12); // the NaN day compounds as 0
    }

    [Fact]
    public void Histogram_PutsEachValueInItsBin_AndTheMaximumInTheLast()
    {
        var (lower, counts, width) = Tearsheet.Histogram([-10.0, -5, 0, 5, 10], bins: 4);
        Assert.Equal(5, width, 12);
        Assert.Equal([-10.0, -5, 0, 5], lower);
        Assert.Equal([1, 1, 1, 2], counts);
    }

    [Fact]
    public void Histogram_WithARange_PutsOutliersInTheEndBins()
    {
        var (_, counts, width) = Tearsheet.Histogram([-1000.0, -1, 0, 1, 2, 5000], bins: 2, low: -2, high: 2);
        Assert.Equal(2, width, 12);
        Assert.Equal([2, 4], counts); // −1000 and −1 below 0; 0, 1, 2 and 5000 from 0 up
    }
}
