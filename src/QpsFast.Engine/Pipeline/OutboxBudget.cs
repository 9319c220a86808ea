namespace QpsFast.Engine.Pipeline;

/// <summary>
/// The worst case of derived records one input can make, producer by producer, against the outbox's
/// <see cref="Outbox.Capacity"/>. A configuration whose worst case does not fit is refused (by <c>qps config
/// validate</c> and when an engine is built), so no accepted configuration overflows a slot. What the core itself
/// makes beyond its share waits for the next inputs (<see cref="TradingCore"/>): fills, cancels, the kill switch's and
/// session end's flattening.
/// </summary>
public static class OutboxBudget
{
    /// <summary>Outbox room the broker's fills keep at the least: below it a configuration is refused.</summary>
    public const int MinimumFillRoom = 4;

    /// <summary>Returns each producer's worst case per input, and their sum with <see cref="MinimumFillRoom"/>.</summary>
    /// <param name="settings">The built-in alphas, the aggregator's timeframes.</param>
    /// <param name="userBooks">User strategies (each has a book and a mark).</param>
    /// <param name="userRecords">The records the user strategies reserve per input (the sum of their RecordsPerInput).</param>
    /// <param name="symbols">The run's symbols, or null when unknown (momentum is then bounded by its long and short counts alone).</param>
    public static (int Total, IReadOnlyList<(string Producer, int Records)> Parts) WorstCase(EngineSettings settings, int userBooks = 0, int userRecords = 0, int? symbols = null)
    {
        var parts = new List<(string, int)> { ($"aggregator ({settings.Timeframes.Length} timeframes)", settings.Timeframes.Length) };
        // Each signal is one record and makes at most one more (an order or a reject).
        if (settings.Pairs.Enabled)
            parts.Add(("pairs (2 signals, each with its order or reject)", 4));
        if (settings.Breakout.Enabled)
            parts.Add(("breakout (1 signal and its order or reject)", 2));
        if (settings.MtfTrend.Enabled)
            parts.Add(("mtf-trend (1 signal and its order or reject)", 2));
        if (settings.Momentum.Enabled)
        {
            // A rebalance changes the targets of the symbols entering or leaving the long and short sets.
            int changes = 2 * (settings.Momentum.Long + settings.Momentum.Short);
            if (symbols is { } n)
                changes = Math.Min(changes, n);
            parts.Add(($"momentum ({changes} signals at a rebalance: 2 x (long + short), each with its order or reject)", 2 * changes));
        }
        if (settings.Imbalance.Enabled)
            parts.Add(("ob-imbalance (1 signal and its order or reject)", 2));
        int books = Alphas.AlphaIds.BuiltInCount + userBooks;
        parts.Add(($"marks ({books} books and the total) and a kill-switch event", books + 2));
        if (userBooks > 0)
            parts.Add(($"user strategies ({userBooks}: their reserved records)", userRecords));
        parts.Add(("the broker's fills, at the least", MinimumFillRoom));
        return (parts.Sum(p => p.Item2), parts);
    }

    /// <summary>Returns null when the worst case fits, else one line saying what does not.</summary>
    public static string? Problem(EngineSettings settings, int userBooks = 0, int userRecords = 0, int? symbols = null)
    {
        var (total, parts) = WorstCase(settings, userBooks, userRecords, symbols);
        if (total <= Outbox.Capacity)
            return null;
        return $"one input can make up to {total} derived records, more than the {Outbox.Capacity} a ring slot holds: " +
            string.Join(", ", parts.Select(p => $"{p.Producer} {p.Records}"));
    }
}
