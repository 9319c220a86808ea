namespace QpsFast.Reporting;

/// <summary>
/// Metrics of a series of periodic returns under named <see cref="MetricConventions"/>, computed as empyrical computes
/// them (its test vectors are this type's tests): sample standard deviation (ddof = 1), downside deviation over all
/// observations, maximum drawdown on the compounded curve, NaN returns skipped (a warm-up's leading NaNs poison
/// nothing; they count as periods for CAGR and compound as 0, as in empyrical).
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
    /// <summary>Periods in a year under the default conventions.</summary>
    public const int PeriodsPerYear = 252;

    /// <summary>The fewest returns on which the annualized volatility, Sharpe, Sortino and Calmar mean something.</summary>
    public const int MinimumPeriods = 30;

    /// <summary>Returns the conventions the figures follow.</summary>
    public MetricConventions Conventions { get; init; } = MetricConventions.Default;

    /// <summary>Returns the annualized downside deviation below the required return.</summary>
    public double DownsideRisk { get; init; } = double.NaN;

    /// <summary>Returns the Omega ratio: gains over losses around the risk-free rate plus the required return (annual, de-annualized).</summary>
    public double Omega { get; init; } = double.NaN;

    /// <summary>Returns the tail ratio: |95th percentile| / |5th percentile| of the returns.</summary>
    public double TailRatio { get; init; } = double.NaN;

    /// <summary>Returns the stability: R² of a linear fit to the cumulative log returns.</summary>
    public double Stability { get; init; } = double.NaN;

    /// <summary>Returns the historical value at risk at 95 %: the 5th percentile of the period returns.</summary>
    public double ValueAtRisk { get; init; } = double.NaN;

    /// <summary>Returns the conditional value at risk at 95 %: the mean of the returns at or below <see cref="ValueAtRisk"/>.</summary>
    public double ConditionalValueAtRisk { get; init; } = double.NaN;

    /// <summary>Returns whether the annualized figures rest on enough returns (<see cref="MinimumPeriods"/>).</summary>
    public bool Reliable => Periods >= MinimumPeriods;

    /// <summary>Returns whether CAGR rests on at least a year of returns.</summary>
    public bool CagrReliable => Periods >= Conventions.PeriodsPerYear;

    /// <summary>Returns why the annualized figures are not reliable, or null when they are.</summary>
    public string? ReliabilityNote => CagrReliable ? null
        : Reliable ? $"{Periods} {Unit}: CAGR annualizes less than a year ({Conventions.PeriodsName})"
        : $"{Periods} {Unit}: annualized volatility, Sharpe, Sortino, CAGR and Calmar need at least {MinimumPeriods} (a year for CAGR); not reliable";

    private string Unit => Conventions.PeriodsPerYear is 252 or 365 ? "daily returns" : "returns";

    /// <summary>Computes the metrics of <paramref name="returns"/> (simple returns per period) under the default conventions.</summary>
    public static ReturnMetrics Of(ReadOnlySpan<double> returns) => Of(returns, MetricConventions.Default);

    /// <summary>Computes the metrics of <paramref name="returns"/> (simple returns per period; NaN for none) under <paramref name="c"/>.</summary>
    public static ReturnMetrics Of(ReadOnlySpan<double> returns, MetricConventions c)
    {
        var valid = ReturnStatistics.WithoutNaN(returns);
        int n = valid.Length;
        if (n == 0)
            return new ReturnMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN) { Conventions = c };
        double ann = c.PeriodsPerYear;
        var (total, maxDrawdown, longest) = ReturnStatistics.Compounded(returns);
        // empyrical: num_years counts every period given, NaN included.
        double cagr = Math.Pow(1 + total, ann / returns.Length) - 1;
        double std = ReturnStatistics.SampleStd(valid, 0);
        double annualVol = std * Math.Sqrt(ann);
        // Divisions follow numpy's: x / 0 is ±inf, 0 / 0 is NaN (a series with no loss has an infinite Sortino).
        double sharpe = n < 2 ? double.NaN : (ReturnStatistics.Mean(valid) - c.RiskFreePerPeriod) / ReturnStatistics.SampleStd(valid, c.RiskFreePerPeriod) * Math.Sqrt(ann);
        double downside = ReturnStatistics.DownsideDeviation(valid, c.RequiredReturnPerPeriod) * Math.Sqrt(ann);
        double sortino = n < 2 ? double.NaN : (ReturnStatistics.Mean(valid) - c.RequiredReturnPerPeriod) * ann / downside;
        double calmar = maxDrawdown < 0 ? cagr / -maxDrawdown : double.NaN;
        double var95 = ReturnStatistics.Percentile(valid, 5);
        return new ReturnMetrics(n, total, cagr, annualVol, sharpe, sortino, maxDrawdown, longest, calmar)
        {
            Conventions = c,
            DownsideRisk = downside,
            Omega = ReturnStatistics.Omega(valid, c.RiskFreePerPeriod, 0, ann),
            TailRatio = Math.Abs(ReturnStatistics.Percentile(valid, 95)) / Math.Abs(var95),
            Stability = ReturnStatistics.Stability(valid),
            ValueAtRisk = var95,
            ConditionalValueAtRisk = ReturnStatistics.MeanAtOrBelow(valid, var95),
        };
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
