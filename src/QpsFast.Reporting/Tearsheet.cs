namespace QpsFast.Reporting;

/// <summary>
/// The tearsheet's figures, from a session's analysis: the deepest drawdown episodes, monthly returns, and a
/// histogram of round-trip P&amp;L (<see cref="TearsheetHtml"/> draws them).
/// </summary>
public static class Tearsheet
{
    /// <summary>A drawdown episode: from a peak, down to its trough, back to the peak's level (or still below it at the end).</summary>
    /// <param name="PeakNs">When the peak was marked.</param>
    /// <param name="TroughNs">When the lowest equity of the episode was marked.</param>
    /// <param name="RecoveryNs">When equity first got back to the peak, or null if it never did.</param>
    /// <param name="Depth">Trough / peak − 1 (negative).</param>
    /// <param name="Length">From the peak to the recovery (or the last mark).</param>
    public sealed record DrawdownEpisode(long PeakNs, long TroughNs, long? RecoveryNs, double Depth, TimeSpan Length);

    /// <summary>Returns the <paramref name="count"/> deepest drawdown episodes of an equity curve, deepest first.</summary>
    public static IReadOnlyList<DrawdownEpisode> TopDrawdowns(IReadOnlyList<(long TimeNs, double Equity)> curve, int count = 5)
    {
        var episodes = new List<DrawdownEpisode>();
        if (curve.Count == 0)
            return episodes;
        var (peakNs, peak) = curve[0];
        long troughNs = peakNs;
        double trough = peak;
        bool inDrawdown = false;
        foreach (var (t, equity) in curve)
        {
            if (equity >= peak)
            {
                if (inDrawdown)
                    episodes.Add(new DrawdownEpisode(peakNs, troughNs, t, trough / peak - 1, TimeSpan.FromTicks((t - peakNs) / 100)));
                (peakNs, peak, troughNs, trough, inDrawdown) = (t, equity, t, equity, false);
            }
            else
            {
                inDrawdown = true;
                if (equity < trough)
                    (troughNs, trough) = (t, equity);
            }
        }
        if (inDrawdown)
            episodes.Add(new DrawdownEpisode(peakNs, troughNs, null, trough / peak - 1, TimeSpan.FromTicks((curve[^1].TimeNs - peakNs) / 100)));
        return [.. episodes.OrderBy(e => e.Depth).ThenBy(e => e.PeakNs).Take(count)];
    }

    /// <summary>Returns the compounded return of each calendar month of the daily returns (NaN returns skipped).</summary>
    public static IReadOnlyList<(int Year, int Month, double Return)> MonthlyReturns(IReadOnlyList<DateOnly> days, IReadOnlyList<double> dailyReturns)
    {
        var months = new List<(int, int, double)>();
        int n = Math.Min(days.Count, dailyReturns.Count);
        for (int i = 0; i < n; i++)
        {
            double r = double.IsNaN(dailyReturns[i]) ? 0 : dailyReturns[i];
            var (year, month) = (days[i].Year, days[i].Month);
            if (months.Count > 0 && months[^1].Item1 == year && months[^1].Item2 == month)
                months[^1] = (year, month, (1 + months[^1].Item3) * (1 + r) - 1);
            else
                months.Add((year, month, r));
        }
        return months;
    }

    /// <summary>
    /// Returns a histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins from <paramref name="low"/>
    /// to <paramref name="high"/> (default: the smallest and largest value); values outside go to the end bins. Each
    /// bin's lower edge and count, and the bin width.
    /// </summary>
    public static (double[] Lower, int[] Counts, double Width) Histogram(IReadOnlyList<double> values, int bins = 25, double? low = null, double? high = null)
    {
        if (values.Count == 0)
            return ([], [], 0);
        double lo = low ?? values.Min(), hi = high ?? values.Max();
        double width = hi > lo ? (hi - lo) / bins : 1;
        var counts = new int[bins];
        foreach (double v in values)
            counts[Math.Clamp((int)Math.Floor((v - lo) / width), 0, bins - 1)]++;
        return ([.. Enumerable.Range(0, bins).Select(i => lo + i * width)], counts, width);
    }

    /// <summary>
    /// Returns the portfolio's rolling Sharpe: over a trailing window of a day of marks (at least 2), of the
    /// mark-to-mark returns, annualized with the analysis' interval conventions. Each point is the mark that ends a full
    /// window (none where the window has no variance).
    /// </summary>
    public static (int WindowMarks, IReadOnlyList<(long TimeNs, double Sharpe)> Points) RollingSharpe(SessionAnalysis a)
    {
        var curve = a.Portfolio.EquityCurve;
        int window = Math.Max(2, (int)Math.Round(a.MarksPerDay));
        var points = new List<(long, double)>();
        if (curve.Count > window)
        {
            var rolling = ReturnStatistics.RollingSharpe(SessionAnalysis.MarkReturns(curve, a.Portfolio.InitialCapital), window, a.IntervalConventions);
            for (int i = 0; i < rolling.Length; i++)
            {
                if (double.IsFinite(rolling[i]))
                    points.Add((curve[i].TimeNs, rolling[i]));
            }
        }
        return (window, points);
    }
}
