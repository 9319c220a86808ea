using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Reporting;

namespace QpsFast.Sweep;

/// <summary>Walk-forward windows in calendar days: <c>train=60d,test=20d[,step=20d]</c> (the step defaults to the test length).</summary>
public sealed record WalkForwardSpec(int TrainDays, int TestDays, int StepDays)
{
    /// <summary>Parses <c>train=Nd,test=Nd[,step=Nd]</c>.</summary>
    /// <exception cref="FormatException">It is not that: the message says what is wrong.</exception>
    public static WalkForwardSpec Parse(string text)
    {
        var fields = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || kv[0] is not ("train" or "test" or "step") || !kv[1].EndsWith('d')
                || !int.TryParse(kv[1][..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int days) || days is < 1 or > 36_500 || !fields.TryAdd(kv[0], days))
                throw new FormatException($"--walk-forward '{text}': expected train=Nd,test=Nd[,step=Nd] with N whole days from 1 to 36500, each once (for example train=60d,test=20d)");
        }
        if (!fields.ContainsKey("train") || !fields.ContainsKey("test"))
            throw new FormatException($"--walk-forward '{text}': train=Nd and test=Nd are both required");
        return new WalkForwardSpec(fields["train"], fields["test"], fields.GetValueOrDefault("step", fields["test"]));
    }

    /// <inheritdoc />
    public override string ToString() => $"train={TrainDays}d,test={TestDays}d,step={StepDays}d";
}

/// <summary>One walk-forward window: the trial chosen on its training days and what it did on the test days after them.</summary>
/// <param name="Index">The window's number.</param>
/// <param name="TrainFrom">The first training day (UTC).</param>
/// <param name="TestFrom">The first test day, the day after the last training day.</param>
/// <param name="TestTo">The day after the last test day.</param>
/// <param name="Best">The best trial on the training days (its in-sample figures).</param>
/// <param name="InSampleScore">Its ranking metric in sample.</param>
/// <param name="Trials">The trials tried on the training days.</param>
/// <param name="Deflated">
/// The deflated Sharpe ratio of the best trial's in-sample Sharpe among the trials (<see cref="DeflatedSharpe"/>), on
/// its mark-to-mark returns when the ranking metric is <c>interval_sharpe</c>, else on its daily returns.
/// </param>
/// <param name="OutOfSample">The chosen parameters' run on the test days.</param>
public sealed record WalkForwardWindow(int Index, DateOnly TrainFrom, DateOnly TestFrom, DateOnly TestTo, TrialResult Best, double InSampleScore, int Trials, double Deflated, TrialResult OutOfSample);

/// <summary>A walk-forward run: its windows and the out-of-sample daily returns of all test windows, back to back.</summary>
/// <param name="Spec">The windows.</param>
/// <param name="Book">The book ranked.</param>
/// <param name="Metric">The ranking metric.</param>
/// <param name="Windows">Each window.</param>
/// <param name="OutOfSampleReturns">The test windows' daily returns, back to back.</param>
/// <param name="OutOfSampleIntervalReturns">The test windows' mark-to-mark returns, back to back.</param>
/// <param name="IntervalPeriodsPerYear">The annualization of the mark-to-mark returns.</param>
public sealed record WalkForwardResult(WalkForwardSpec Spec, string Book, string Metric, IReadOnlyList<WalkForwardWindow> Windows, double[] OutOfSampleReturns,
    double[] OutOfSampleIntervalReturns, double IntervalPeriodsPerYear)
{
    /// <summary>Returns the metrics of the concatenated out-of-sample daily returns.</summary>
    public ReturnMetrics OutOfSample => ReturnMetrics.Of(OutOfSampleReturns);

    /// <summary>Returns the Sharpe of the concatenated out-of-sample mark-to-mark returns (hourly by default), annualized.</summary>
    public double OutOfSampleIntervalSharpe => ReturnMetrics.Of(OutOfSampleIntervalReturns, MetricConventions.Default with { PeriodsPerYear = IntervalPeriodsPerYear }).Sharpe;

    /// <summary>Returns the trials run in all training windows.</summary>
    public int TrialsTried => Windows.Sum(w => w.Trials);
}

/// <summary>
/// Walk-forward: over consecutive windows of the data, choose the best trial of the sweep on each window's training
/// days (by the ranking metric of the chosen book), run it on the test days that follow, and join the test windows'
/// daily returns into one out-of-sample record. Each run starts fresh (flat, with the starting capital).
/// </summary>
public static class WalkForward
{
    private const long DayNs = 86_400_000_000_000;

    /// <summary>Runs the walk-forward; <paramref name="progress"/> is told (window, windows) as each window finishes.</summary>
    /// <exception cref="ArgumentException">The data spans fewer days than one training and test window.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static WalkForwardResult Run(SweepPlan plan, SweepData data, WalkForwardSpec spec, IReadOnlyList<StrategySpec> specs, StrategyRegistry registry, int jobs,
        string book, string metric, Action<int, int>? progress = null)
    {
        var records = data.Records;
        long firstDay = records[0].TimeNs / DayNs, lastDay = records[^1].TimeNs / DayNs;
        long spare = lastDay + 1 - firstDay - spec.TrainDays - spec.TestDays; // days left after the first window
        int windows = spare < 0 ? 0 : (int)Math.Min(100_000, spare / spec.StepDays + 1);
        if (windows == 0)
            throw new ArgumentException($"--walk-forward {spec}: the data spans {lastDay + 1 - firstDay} days, fewer than one training and test window ({spec.TrainDays + spec.TestDays})");
        var trials = Enumerable.Range(0, plan.Trials().Count).ToArray();
        var result = new List<WalkForwardWindow>();
        var outOfSample = new List<double>();
        var outOfSampleInterval = new List<double>();
        double intervalPeriods = 0;
        bool interval = metric == "interval_sharpe";
        for (int w = 0; w < windows; w++)
        {
            long trainFrom = firstDay + (long)w * spec.StepDays, testFrom = trainFrom + spec.TrainDays, testTo = testFrom + spec.TestDays;
            var train = Slice(data, trainFrom, testFrom);
            var test = Slice(data, testFrom, testTo);
            if (train.Records.Length == 0 || test.Records.Length == 0)
                throw new ArgumentException($"--walk-forward {spec}: window {w} has no {(train.Records.Length == 0 ? "training" : "test")} records ({Day(train.Records.Length == 0 ? trainFrom : testFrom)} on)");
            var inSample = SweepRunner.Run(plan, trials, train, specs, registry, jobs, keepReturns: true);
            var ranked = inSample.Where(t => t.Error is null).OrderByDescending(t => Score(t, book, metric)).ThenBy(t => t.Trial).ToArray();
            if (ranked.Length == 0)
                throw new ArgumentException($"--walk-forward {spec}: every trial failed on window {w}'s training days");
            var best = ranked[0];
            int bookIndex = best.Books.ToList().FindIndex(b => b.Book == book);
            double[] ReturnsOf(TrialResult t) => interval ? t.IntervalReturns[bookIndex] : t.Returns[bookIndex];
            var sharpes = ranked.Select(t => DeflatedSharpe.Moments(ReturnsOf(t)).Sharpe).Where(double.IsFinite).ToArray();
            double variance = sharpes.Length > 1 ? sharpes.Select(s => (s - sharpes.Average()) * (s - sharpes.Average())).Sum() / (sharpes.Length - 1) : 0;
            var moments = DeflatedSharpe.Moments(ReturnsOf(best));
            double deflated = DeflatedSharpe.Of(moments.Sharpe, moments.Count, inSample.Length, variance, moments.Skewness, moments.Kurtosis);
            var tested = SweepRunner.Run(plan, [best.Trial], test, specs, registry, 1, keepReturns: true)[0];
            if (tested.Error is null)
            {
                outOfSample.AddRange(tested.Returns[bookIndex]);
                outOfSampleInterval.AddRange(tested.IntervalReturns[bookIndex]);
                intervalPeriods = tested.IntervalPeriodsPerYear;
            }
            result.Add(new WalkForwardWindow(w, Day(trainFrom), Day(testFrom), Day(testTo), best, Score(best, book, metric), inSample.Length, deflated, tested));
            progress?.Invoke(w + 1, windows);
        }
        return new WalkForwardResult(spec, book, metric, result, [.. outOfSample], [.. outOfSampleInterval], intervalPeriods);
    }

    private static double Score(TrialResult t, string book, string metric) =>
        t.Book(book) is { } b && b[metric] is var v && double.IsFinite(v) ? v : double.NegativeInfinity;

    private static SweepData Slice(SweepData data, long fromDay, long toDay)
    {
        int from = LowerBound(data.Records, fromDay * DayNs), to = LowerBound(data.Records, toDay * DayNs);
        return data with { Records = data.Records[from..to] };
    }

    private static int LowerBound(Record[] records, long timeNs)
    {
        int lo = 0, hi = records.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (records[mid].TimeNs < timeNs) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static DateOnly Day(long day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);
}
