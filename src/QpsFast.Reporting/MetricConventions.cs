namespace QpsFast.Reporting;

/// <summary>
/// The conventions every return metric is computed under, named so that a figure can say which it follows
/// (results.md): the periods in a year, the risk-free rate and the required return, both per period. The defaults are
/// empyrical's: 252 periods (trading days), no risk-free rate, no required return.
/// </summary>
/// <param name="PeriodsPerYear">Periods in a year: 252 (trading days), 365 (calendar days), 52 (weeks), 12 (months), or what the data's calendar shows.</param>
/// <param name="PeriodsName">How the report names <paramref name="PeriodsPerYear"/>, e.g. "252 trading days".</param>
/// <param name="RiskFreePerPeriod">The risk-free return per period, subtracted before Sharpe, Omega, alpha and beta.</param>
/// <param name="RequiredReturnPerPeriod">The required (target) return per period of Sortino and the downside risk.</param>
public sealed record MetricConventions(double PeriodsPerYear = 252, string PeriodsName = "252 trading days", double RiskFreePerPeriod = 0, double RequiredReturnPerPeriod = 0)
{
    /// <summary>empyrical's defaults: 252 trading days a year, no risk-free rate, no required return.</summary>
    public static MetricConventions Default { get; } = new();

    /// <summary>
    /// Parses a periods-per-year choice: <c>252</c>, <c>365</c>, <c>52</c>, <c>12</c>, or <c>auto</c> (inferred
    /// from the days the data has: weekends traded means 365, otherwise 252).
    /// </summary>
    /// <exception cref="ArgumentException">Not one of those.</exception>
    public static (double Periods, string Name) ParsePeriods(string text, IReadOnlyList<DateOnly> days) => text switch
    {
        "252" => (252, "252 trading days"),
        "365" => (365, "365 calendar days"),
        "52" => (52, "52 weeks"),
        "12" => (12, "12 months"),
        "auto" => days.Any(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            ? (365, "365 calendar days (inferred: the data trades at weekends)")
            : (252, "252 trading days (inferred: no weekend trading)"),
        _ => throw new ArgumentException($"periods per year must be 252, 365, 52, 12 or auto (got '{text}')"),
    };

    /// <summary>One line naming the conventions, for a footnote or tooltip.</summary>
    public string Describe() =>
        $"annualized over {PeriodsName} (×{PeriodsPerYear:0}, √{PeriodsPerYear:0} for volatility); Sharpe = mean(r − rf) / std(r − rf, ddof 1) × √N with rf = {RiskFreePerPeriod:0.######} per period; " +
        $"Sortino and downside risk against a required return of {RequiredReturnPerPeriod:0.######} per period; CAGR compounds; NaN returns (a warm-up) are skipped, as in empyrical";
}

/// <summary>
/// What a user asks the report for: the periods per year (252, 365, 52, 12 or auto) and annual risk-free and required
/// returns, which <see cref="Resolve"/> turns into per-period <see cref="MetricConventions"/> once the data's days are known.
/// </summary>
/// <param name="Periods">252, 365, 52, 12 or auto.</param>
/// <param name="AnnualRiskFree">The annual risk-free rate (0.04 for 4 %).</param>
/// <param name="AnnualRequiredReturn">The annual required return of Sortino and the downside risk.</param>
public sealed record MetricOptions(string Periods = "252", double AnnualRiskFree = 0, double AnnualRequiredReturn = 0)
{
    /// <summary>Returns the conventions for data on <paramref name="days"/>: annual rates compounded down to one period.</summary>
    /// <exception cref="ArgumentException">An unknown periods choice, or a rate at or below −100 %.</exception>
    public MetricConventions Resolve(IReadOnlyList<DateOnly> days)
    {
        var (periods, name) = MetricConventions.ParsePeriods(Periods, days);
        if (AnnualRiskFree <= -1 || AnnualRequiredReturn <= -1 || double.IsNaN(AnnualRiskFree) || double.IsNaN(AnnualRequiredReturn))
            throw new ArgumentException($"rates must be above -100 % (risk-free {AnnualRiskFree}, required return {AnnualRequiredReturn})");
        return new MetricConventions(periods, name, Math.Pow(1 + AnnualRiskFree, 1 / periods) - 1, Math.Pow(1 + AnnualRequiredReturn, 1 / periods) - 1);
    }
}
