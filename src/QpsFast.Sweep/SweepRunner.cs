using System.Diagnostics.CodeAnalysis;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Replay;
using QpsFast.Reporting;

namespace QpsFast.Sweep;

/// <summary>One book's figures in a trial (names as in results_detailed.json).</summary>
public sealed record BookMetrics(string Book, double Pnl, double TotalReturn, double Sharpe, double Sortino, double MaxDrawdown, double IntervalSharpe, int RoundTrips, double WinRate, double ProfitFactor, double Turnover, int Days)
{
    /// <summary>The metric names, in the order of the CSV's columns (<c>days</c>: the daily returns the annualized figures rest on).</summary>
    public static readonly string[] Names = ["pnl", "total_return", "sharpe", "sortino", "max_drawdown", "interval_sharpe", "round_trips", "win_rate", "profit_factor", "turnover", "days"];

    /// <summary>Returns a metric by name.</summary>
    public double this[string name] => name switch
    {
        "pnl" => Pnl,
        "total_return" => TotalReturn,
        "sharpe" => Sharpe,
        "sortino" => Sortino,
        "max_drawdown" => MaxDrawdown,
        "interval_sharpe" => IntervalSharpe,
        "round_trips" => RoundTrips,
        "win_rate" => WinRate,
        "profit_factor" => ProfitFactor,
        "turnover" => Turnover,
        "days" => Days,
        _ => throw new ArgumentException($"unknown metric '{name}' ({string.Join(", ", Names)})"),
    };

    /// <summary>Returns whether a metric is annualized from daily returns (and so not reliable on fewer than 30 of them).</summary>
    public static bool IsAnnualized(string name) => name is "sharpe" or "sortino";

    /// <summary>Returns a book's figures from its report.</summary>
    public static BookMetrics Of(AlphaReport r) => new(r.Name, r.FinalEquity - r.InitialCapital, r.Returns.TotalReturn, r.Returns.Sharpe, r.Returns.Sortino,
        r.Returns.MaxDrawdown, r.IntervalSharpe, r.Trades.RoundTrips, r.Trades.WinRate, r.Trades.ProfitFactor, r.Turnover, r.Returns.Periods);
}

/// <summary>A finished trial: its grid point, the digest and length of its record stream, and each book's figures.</summary>
/// <param name="Trial">The trial's number in the sweep.</param>
/// <param name="Point">The value index of each parameter.</param>
/// <param name="Digest">XxHash64 of the record stream (what <c>qps live</c> prints for the same configuration and data).</param>
/// <param name="Records">The records of the stream.</param>
/// <param name="Books">Each alpha's figures, then the portfolio's.</param>
/// <param name="Error">Why the trial failed (a stage faulted), or null.</param>
public sealed record TrialResult(int Trial, int[] Point, ulong Digest, long Records, IReadOnlyList<BookMetrics> Books, string? Error = null)
{
    /// <summary>Returns each book's daily returns, aligned with <see cref="Books"/> (kept for walk-forward only; not written to the files).</summary>
    public IReadOnlyList<double[]> Returns { get; init; } = [];

    /// <summary>Returns each book's mark-to-mark returns, aligned with <see cref="Books"/> (kept for walk-forward only).</summary>
    public IReadOnlyList<double[]> IntervalReturns { get; init; } = [];

    /// <summary>Returns the annualization of <see cref="IntervalReturns"/>: periods a year × marks a day (kept for walk-forward only).</summary>
    public double IntervalPeriodsPerYear { get; init; }

    /// <summary>Returns a book's figures by name ("portfolio" for the whole).</summary>
    public BookMetrics? Book(string name) => Books.FirstOrDefault(b => b.Book == name);
}

/// <summary>The market data every trial of a sweep shares: read once, never re-parsed per trial.</summary>
public sealed record SweepData(Record[] Records, IReadOnlyList<string> Symbols, long Seed);

/// <summary>Runs a sweep's trials on parallel workers, each trial the full pipeline on the shared data.</summary>
public static class SweepRunner
{
    /// <summary>
    /// Runs the trials numbered <paramref name="trialNumbers"/> of <paramref name="plan"/> (all of them, or a shard's)
    /// on <paramref name="jobs"/> workers; <paramref name="progress"/> is told (trials done, trials to do) after each.
    /// Every trial's settings are validated before the first runs. Results come back in trial order, whatever the
    /// workers' timing: a trial's digest and figures do not depend on the worker that ran it.
    /// </summary>
    /// <exception cref="ArgumentException">A trial's configuration is refused: the message names its values.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static TrialResult[] Run(SweepPlan plan, IReadOnlyList<int> trialNumbers, SweepData data, IReadOnlyList<StrategySpec> strategySpecs, StrategyRegistry strategies,
        int jobs, Action<int, int>? progress = null, bool keepReturns = false, Func<int, string>? journalDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        var points = plan.Trials();
        var manifests = trialNumbers.Select(k => new SessionManifest($"trial-{k}", data.Symbols, data.Seed, "fused", plan.Settings(points[k])) { Strategies = plan.Strategies(points[k], strategySpecs, strategies, data.Symbols) }).ToArray();
        var results = new TrialResult[trialNumbers.Count];
        // With several workers each trial runs on its worker's thread alone (feed, engine and output: one thread a
        // trial, the workers filling the cores: 1.24x the trials/s of a feed thread per trial at --jobs 2 on 2 cores);
        // one worker keeps its feed on a thread of its own, so the second core still helps.
        bool inlineFeed = jobs > 1;
        int next = -1, done = 0;
        var workers = new Thread[Math.Min(jobs, Math.Max(1, trialNumbers.Count))];
        Exception? failure = null;
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(() =>
            {
                var buffer = new RecordBuffer();
                int i;
                while ((i = Interlocked.Increment(ref next)) < results.Length && Volatile.Read(ref failure) is null)
                {
                    try
                    {
                        results[i] = RunOne(trialNumbers[i], points[trialNumbers[i]], manifests[i] with { Session = journalDirectory is null ? manifests[i].Session : Path.GetFileName(Path.GetDirectoryName(journalDirectory(trialNumbers[i]))!) },
                            strategies, data.Records, buffer, keepReturns, journalDirectory?.Invoke(trialNumbers[i]), inlineFeed);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        return;
                    }
                    progress?.Invoke(Interlocked.Increment(ref done), results.Length);
                }
            })
            { Name = $"sweep-worker-{w}", IsBackground = true };
            workers[w].Start();
        }
        foreach (var t in workers)
            t.Join();
        if (failure is not null)
            throw new InvalidOperationException($"a sweep worker failed: {failure.Message}", failure);
        return results;
    }

    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    private static TrialResult RunOne(int trial, int[] point, SessionManifest manifest, StrategyRegistry strategies, Record[] records, RecordBuffer buffer, bool keepReturns, string? journal,
        bool inlineFeed)
    {
        try
        {
            var (stats, analysis) = journal is null ? TrialRunner.Run(manifest, strategies, records, buffer, inlineFeed) : TrialRunner.RunJournaled(manifest, strategies, records, journal, inlineFeed);
            var reports = analysis.Alphas.Append(analysis.Portfolio).ToArray();
            var result = new TrialResult(trial, point, stats.Digest.Value, stats.Inputs + stats.Derived, [.. reports.Select(BookMetrics.Of)]);
            return !keepReturns ? result : result with
            {
                Returns = [.. reports.Select(r => r.DailyReturns)],
                IntervalReturns = [.. reports.Select((r, b) => SessionAnalysis.MarkReturns(r.EquityCurve, r.InitialCapital))],
                IntervalPeriodsPerYear = analysis.IntervalConventions.PeriodsPerYear,
            };
        }
        catch (Exception e) when (e is QpsFast.Ring.EventHandlerException or QpsFast.Ring.PipelineFaultedException)
        {
            // A trial whose pipeline faults is a result (its parameters broke something), not the sweep's end.
            return new TrialResult(trial, point, 0, 0, [], e.Message.ReplaceLineEndings(" "));
        }
    }
}
