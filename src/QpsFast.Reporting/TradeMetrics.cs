namespace QpsFast.Reporting;

/// <summary>
/// Metrics of closed round trips (flat → position → flat, or through flat), each with its P&amp;L net of fees.
/// </summary>
public sealed record TradeMetrics(int RoundTrips, long Fills, double WinRate, double ProfitFactor, double Expectancy, double AverageWin, double AverageLoss)
{
    /// <summary>Computes the metrics of round-trip P&amp;Ls (account currency) and a fill count.</summary>
    public static TradeMetrics Of(ReadOnlySpan<double> roundTripPnl, long fills)
    {
        int n = roundTripPnl.Length;
        if (n == 0)
            return new TradeMetrics(0, fills, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double grossWin = 0, grossLoss = 0, sum = 0;
        int wins = 0, losses = 0;
        foreach (double p in roundTripPnl)
        {
            sum += p;
            if (p > 0)
            {
                wins++;
                grossWin += p;
            }
            else if (p < 0)
            {
                losses++;
                grossLoss -= p;
            }
        }
        return new TradeMetrics(
            n,
            fills,
            (double)wins / n,
            grossLoss > 0 ? grossWin / grossLoss : double.PositiveInfinity,
            sum / n,
            wins > 0 ? grossWin / wins : 0,
            losses > 0 ? -grossLoss / losses : 0);
    }
}
