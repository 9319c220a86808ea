namespace QpsFast.Reporting;

/// <summary>
/// Metrics of a series of periodic (daily) returns, following empyrical's conventions: 252 periods a year, sample
/// standard deviation (ddof = 1), downside deviation over all observations, maximum drawdown on the compounded curve,
/// no risk-free rate.
/// </summary>
public sealed record ReturnMetrics(
    int Periods,
    double TotalReturn,
    double Cagr,
    double AnnualVolatility,
    double Sharpe,
    double Sortino,
    double MaxDrawdown,
    int MaxDrawdownDuration,
    double Calmar)
{
    /// <summary>Periods in a year.</summary>
    public const int PeriodsPerYear = 252;

    /// <summary>The fewest returns on which the annualized volatility, Sharpe, Sortino and Calmar mean something.</summary>
    public const int MinimumPeriods = 30;

    /// <summary>Returns whether the annualized figures rest on enough returns (<see cref="MinimumPeriods"/>).</summary>
    public bool Reliable => Periods >= MinimumPeriods;

    /// <summary>Returns whether CAGR rests on at least a year of returns.</summary>
    public bool CagrReliable => Periods >= PeriodsPerYear;

    /// <summary>Returns why the annualized figures are not reliable, or null when they are.</summary>
    public string? ReliabilityNote => CagrReliable ? null
        : Reliable ? $"{Periods} daily returns: CAGR annualizes less than a year"
        : $"{Periods} daily returns: annualized volatility, Sharpe, Sortino, CAGR and Calmar need at least {MinimumPeriods} (a year for CAGR); not reliable";

    /// <summary>Computes the metrics of <paramref name="returns"/> (simple returns per period).</summary>
    public static ReturnMetrics Of(ReadOnlySpan<double> returns)
    {
        int n = returns.Length;
        if (n == 0)
            return new ReturnMetrics(0, 0, 0, double.NaN, double.NaN, double.NaN, 0, 0, double.NaN);
        double wealth = 1, peak = 1, maxDrawdown = 0, sum = 0, downsideSquares = 0;
        int duration = 0, longest = 0;
        foreach (double r in returns)
        {
            wealth *= 1 + r;
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
            sum += r;
            double down = Math.Min(r, 0);
            downsideSquares += down * down;
        }
        double mean = sum / n;
        double variance = 0;
        foreach (double r in returns)
            variance += (r - mean) * (r - mean);
        double std = n > 1 ? Math.Sqrt(variance / (n - 1)) : double.NaN;
        double total = wealth - 1;
        double cagr = Math.Pow(wealth, (double)PeriodsPerYear / n) - 1;
        double annualVol = std * Math.Sqrt(PeriodsPerYear);
        double sharpe = std > 0 ? mean / std * Math.Sqrt(PeriodsPerYear) : double.NaN;
        double downside = Math.Sqrt(downsideSquares / n) * Math.Sqrt(PeriodsPerYear);
        double sortino = downside > 0 ? mean * PeriodsPerYear / downside : double.NaN;
        double calmar = maxDrawdown < 0 ? cagr / -maxDrawdown : double.NaN;
        return new ReturnMetrics(n, total, cagr, annualVol, sharpe, sortino, maxDrawdown, longest, calmar);
    }

    /// <summary>Returns the Pearson correlation of two equally long series (NaN when either is constant).</summary>
    public static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = Math.Min(a.Length, b.Length);
        if (n < 2)
            return double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < n; i++)
        {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va > 0 && vb > 0 ? cov / Math.Sqrt(va * vb) : double.NaN;
    }
}
