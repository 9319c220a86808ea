namespace QpsFast.Reporting;

/// <summary>
/// The statistics behind <see cref="ReturnMetrics"/>, each as empyrical computes it (quantopian/empyrical,
/// <c>empyrical/stats.py</c>): percentiles interpolate linearly between order statistics (numpy's default), means and
/// deviations skip NaN, alpha is the mean residual compounded over the periods in a year (empyrical-reloaded).
/// </summary>
public static class ReturnStatistics
{
    /// <summary>Returns the values that are not NaN.</summary>
    public static double[] WithoutNaN(ReadOnlySpan<double> values)
    {
        var list = new List<double>(values.Length);
        foreach (double v in values)
            if (!double.IsNaN(v))
                list.Add(v);
        return [.. list];
    }

    /// <summary>Returns the mean (NaN for none).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
            sum += v;
        return values.IsEmpty ? double.NaN : sum / values.Length;
    }

    /// <summary>Returns the sample standard deviation (ddof = 1) of <c>values − shift</c>.</summary>
    public static double SampleStd(ReadOnlySpan<double> values, double shift)
    {
        if (values.Length < 2)
            return double.NaN;
        double mean = Mean(values) - shift, squares = 0;
        foreach (double v in values)
            squares += (v - shift - mean) * (v - shift - mean);
        return Math.Sqrt(squares / (values.Length - 1));
    }

    /// <summary>Returns √mean(min(r − required, 0)²), not annualized (NaN for none).</summary>
    public static double DownsideDeviation(ReadOnlySpan<double> values, double required)
    {
        if (values.IsEmpty)
            return double.NaN;
        double squares = 0;
        foreach (double v in values)
        {
            double d = Math.Min(v - required, 0);
            squares += d * d;
        }
        return Math.Sqrt(squares / values.Length);
    }

    /// <summary>Compounds the returns (NaN as 0): the total return, the maximum drawdown (≤ 0) and its longest run in periods.</summary>
    public static (double Total, double MaxDrawdown, int Longest) Compounded(ReadOnlySpan<double> returns)
    {
        double wealth = 1, peak = 1, maxDrawdown = 0;
        int duration = 0, longest = 0;
        foreach (double raw in returns)
        {
            wealth *= 1 + (double.IsNaN(raw) ? 0 : raw);
            if (wealth >= peak)
            {
                peak = wealth;
                duration = 0;
            }
            else
            {
                duration++;
                longest = Math.Max(longest, duration);
                maxDrawdown = Math.Min(maxDrawdown, wealth / peak - 1);
            }
        }
        return (wealth - 1, maxDrawdown, longest);
    }

    /// <summary>Returns the <paramref name="percent"/>th percentile, interpolating linearly (numpy's default); NaN for none.</summary>
    public static double Percentile(ReadOnlySpan<double> values, double percent)
    {
        if (values.IsEmpty)
            return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double rank = percent / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /// <summary>Returns the mean of the values at or below <paramref name="cutoff"/>.</summary>
    public static double MeanAtOrBelow(ReadOnlySpan<double> values, double cutoff)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (v <= cutoff)
            {
                sum += v;
                n++;
            }
        }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>
    /// Returns the Omega ratio: Σ gains / Σ losses of <c>r − riskFree − threshold</c>, where the threshold is the
    /// annual <paramref name="requiredReturn"/> de-annualized over <paramref name="periodsPerYear"/>; NaN with fewer than
    /// two returns, a required return at or below −100 %, or no loss.
    /// </summary>
    public static double Omega(ReadOnlySpan<double> values, double riskFree, double requiredReturn, double periodsPerYear)
    {
        if (values.Length < 2 || requiredReturn <= -1)
            return double.NaN;
        double threshold = periodsPerYear == 1 ? requiredReturn : Math.Pow(1 + requiredReturn, 1 / periodsPerYear) - 1;
        double gains = 0, losses = 0;
        foreach (double v in values)
        {
            double d = v - riskFree - threshold;
            if (d > 0)
                gains += d;
            else
                losses -= d;
        }
        return losses > 0 ? gains / losses : double.NaN;
    }

    /// <summary>Returns R² of a least-squares line through the cumulative log returns (NaN with fewer than two).</summary>
    public static double Stability(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2)
            return double.NaN;
        double cum = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            cum += Math.Log(1 + values[i]);
            sx += i;
            sy += cum;
            sxx += (double)i * i;
            syy += cum * cum;
            sxy += i * cum;
        }
        double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        // A constant log-return series lies exactly on a line: R² is 1 (scipy gives 1 when the residuals vanish).
        if (vy <= 1e-30 * Math.Max(1, syy))
            return vx > 0 ? 1 : double.NaN;
        return cov * cov / (vx * vy);
    }

    /// <summary>
    /// Returns alpha and beta of <paramref name="returns"/> against <paramref name="benchmark"/> over the periods
    /// where both are numbers: beta = cov / var of the benchmark, alpha = (1 + mean(r − rf − beta (b − rf)))^N − 1
    /// with N the periods per year (empyrical-reloaded; empyrical before it multiplied by N); NaN with fewer than two such periods.
    /// </summary>
    public static (double Alpha, double Beta) AlphaBeta(ReadOnlySpan<double> returns, ReadOnlySpan<double> benchmark, double riskFree, double periodsPerYear)
    {
        int n = Math.Min(returns.Length, benchmark.Length), count = 0;
        double mr = 0, mb = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(returns[i]) || double.IsNaN(benchmark[i]))
                continue;
            mr += returns[i];
            mb += benchmark[i];
            count++;
        }
        if (count < 2)
            return (double.NaN, double.NaN);
        mr /= count;
        mb /= count;
        double cov = 0, var = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(returns[i]) || double.IsNaN(benchmark[i]))
                continue;
            cov += (benchmark[i] - mb) * (returns[i] - mr);
            var += (benchmark[i] - mb) * (benchmark[i] - mb);
        }
        double beta = cov / var;
        double alpha = Math.Pow(1 + (mr - riskFree - beta * (mb - riskFree)), periodsPerYear) - 1;
        return (alpha, beta);
    }

    /// <summary>Returns the Sharpe ratio of each trailing window of <paramref name="window"/> returns (NaN before the first full window).</summary>
    public static double[] RollingSharpe(ReadOnlySpan<double> returns, int window, MetricConventions c)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var result = new double[returns.Length];
        for (int i = 0; i < returns.Length; i++)
            result[i] = i + 1 < window ? double.NaN : ReturnMetrics.Of(returns.Slice(i + 1 - window, window), c).Sharpe;
        return result;
    }
}
