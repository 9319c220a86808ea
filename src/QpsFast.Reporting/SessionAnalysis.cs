using QpsFast.Engine.Alphas;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;

namespace QpsFast.Reporting;

/// <summary>One alpha's (or the portfolio's) analysed results.</summary>
public sealed record AlphaReport(string Name, byte Source, double InitialCapital, double FinalEquity, double[] DailyReturns, ReturnMetrics Returns, TradeMetrics Trades, double Turnover, double Exposure)
{
    /// <summary>
    /// Returns the Sharpe ratio of the mark-to-mark returns (hourly by default), annualized over the conventions'
    /// periods a year times the marks taken per day: the better-sampled Sharpe of a short session, labelled as such.
    /// </summary>
    public double IntervalSharpe { get; init; } = double.NaN;

    /// <summary>Returns how many mark-to-mark returns <see cref="IntervalSharpe"/> rests on.</summary>
    public int IntervalReturns { get; init; }

    /// <summary>Returns the annualized alpha against the session's benchmark (compounded mean residual; empyrical's).</summary>
    public double Alpha { get; init; } = double.NaN;

    /// <summary>Returns the beta against the session's benchmark.</summary>
    public double Beta { get; init; } = double.NaN;

    /// <summary>Returns the equity at every mark: (time ns, equity).</summary>
    public IReadOnlyList<(long TimeNs, double Equity)> EquityCurve { get; init; } = [];

    /// <summary>
    /// Returns each completed round trip's P&amp;L (raw money): the realized P&amp;L and fees of its own symbol's fills,
    /// from the fill that opened it to the one that closed (or flipped) it.
    /// </summary>
    public IReadOnlyList<long> TripPnlRaw { get; init; } = [];

    /// <summary>
    /// Returns the realized P&amp;L less fees of the positions still open at the end (raw money), so that
    /// Σ <see cref="TripPnlRaw"/> + this = the book's realized P&amp;L − fees, exactly.
    /// </summary>
    public long OpenTripsPnlRaw { get; init; }
}

/// <summary>A fill as shown in the report's trade table.</summary>
public sealed record FillRow(long Sequence, long TimeNs, string Alpha, string Symbol, double Quantity, double Price, double Fee);

/// <summary>
/// Reads a session's journal and derives, per alpha and for the portfolio: daily returns from the marks (the last
/// mark of each UTC day; the first day against the starting capital), empyrical-style metrics, round-trip trade
/// metrics (fills replayed through the same <see cref="Ledger"/> the engine uses), turnover (traded notional over
/// starting capital) and exposure (the share of marks taken while a position was open); and the correlation matrix
/// of the alphas' daily returns.
/// </summary>
public sealed class SessionAnalysis
{
    /// <summary>Returns the net position of each symbol across alphas at every portfolio mark: (time ns, positions by symbol).</summary>
    public IReadOnlyList<(long TimeNs, double[] Positions)> Positions { get; internal init; } = [];

    /// <summary>Returns the last fills of the session (at most 200), oldest first.</summary>
    public IReadOnlyList<FillRow> LastFills { get; internal init; } = [];

    internal SessionAnalysis(SessionManifest manifest, IReadOnlyList<AlphaReport> alphas, AlphaReport portfolio, double[,] correlations, long records)
    {
        Manifest = manifest;
        Alphas = alphas;
        Portfolio = portfolio;
        Correlations = correlations;
        Records = records;
    }

    /// <summary>Returns the session manifest.</summary>
    public SessionManifest Manifest { get; }

    /// <summary>Returns each alpha's report.</summary>
    public IReadOnlyList<AlphaReport> Alphas { get; }

    /// <summary>Returns the portfolio's report.</summary>
    public AlphaReport Portfolio { get; }

    /// <summary>Returns the Pearson correlations of the alphas' daily returns (NaN where an alpha's returns are constant).</summary>
    public double[,] Correlations { get; }

    /// <summary>
    /// Returns the Pearson correlations of the alphas' mark-to-mark returns (every mark interval, hourly by default):
    /// a short run has few daily observations, so this is the better-sampled view of how the alphas co-move.
    /// </summary>
    public double[,] IntervalCorrelations { get; internal init; } = new double[0, 0];

    /// <summary>Returns the stream digest of the journal as read now (null when the reader could not chain it).</summary>
    public ulong? StreamDigest { get; internal init; }

    /// <summary>Returns the records read.</summary>
    public long Records { get; }

    /// <summary>Returns the conventions the return metrics follow.</summary>
    public MetricConventions Conventions { get; internal init; } = MetricConventions.Default;

    /// <summary>Returns the conventions of the mark-to-mark returns: the periods a year times the marks taken per day.</summary>
    public MetricConventions IntervalConventions { get; internal init; } = MetricConventions.Default;

    /// <summary>Returns the portfolio marks taken per day.</summary>
    public double MarksPerDay { get; internal init; }

    /// <summary>Returns the UTC day of each daily return, in order.</summary>
    public IReadOnlyList<DateOnly> Days { get; internal init; } = [];

    /// <summary>Returns the gross and net exposure of all books at every portfolio mark, at the last one-minute closes.</summary>
    public IReadOnlyList<(long TimeNs, double Gross, double Net)> ExposureCurve { get; internal init; } = [];

    /// <summary>Returns the benchmark symbol: buy and hold of it (the first symbol, unless asked otherwise).</summary>
    public int BenchmarkSymbol { get; internal init; }

    /// <summary>Returns the benchmark's daily returns (its one-minute close at each day's end), aligned with <see cref="Days"/>.</summary>
    public IReadOnlyList<double> BenchmarkReturns { get; internal init; } = [];

    /// <summary>Returns the symbol of the price chart (the first, unless asked otherwise).</summary>
    public int ChartSymbol { get; internal init; }

    /// <summary>Returns the chart symbol's one-minute closes: (time ns, close).</summary>
    public IReadOnlyList<(long TimeNs, double Close)> ChartPrices { get; internal init; } = [];

    /// <summary>Returns every fill of the chart symbol: (time ns, price, signed quantity).</summary>
    public IReadOnlyList<(long TimeNs, double Price, double Quantity)> ChartFills { get; internal init; } = [];

    /// <summary>Analyses the journal in <paramref name="journalDirectory"/>.</summary>
    public static SessionAnalysis FromJournal(string journalDirectory) => FromJournal(journalDirectory, new MetricOptions());

    /// <summary>Analyses the journal in <paramref name="journalDirectory"/> under the metric <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options do not resolve (an unknown periods choice, a rate at or below −100 %).</exception>
    public static SessionAnalysis FromJournal(string journalDirectory, MetricOptions options) => FromJournal(journalDirectory, options, null);

    /// <summary>
    /// Analyses the journal under <paramref name="options"/>, drawing the price chart of <paramref name="chartSymbol"/>
    /// and measuring alpha and beta against buy and hold of <paramref name="benchmarkSymbol"/> (names; null for the first).
    /// </summary>
    /// <exception cref="ArgumentException">The options do not resolve, or the session has no such symbol.</exception>
    public static SessionAnalysis FromJournal(string journalDirectory, MetricOptions options, string? chartSymbol, string? benchmarkSymbol = null)
    {
        var reader = JournalReader.Open(journalDirectory);
        var manifest = SessionManifest.Parse(reader.ReadConfiguration(), reader.SegmentPaths[0]);
        var accumulator = new SessionAccumulator(manifest, options, chartSymbol, benchmarkSymbol);
        reader.Read(frame =>
        {
            foreach (ref readonly var r in frame)
                accumulator.Add(in r);
        });
        return accumulator.Finish(reader.RecordCount, reader.StreamDigest);
    }

    /// <summary>Returns the mark-to-mark returns of an equity curve, the first against <paramref name="start"/>.</summary>
    public static double[] MarkReturns(IReadOnlyList<(long TimeNs, double Equity)> curve, double start)
    {
        var r = new double[curve.Count];
        double previous = start;
        for (int i = 0; i < curve.Count; i++)
        {
            r[i] = curve[i].Equity / previous - 1;
            previous = curve[i].Equity;
        }
        return r;
    }

    internal static int SymbolIndex(SessionManifest manifest, string? name)
    {
        if (name is null)
            return 0;
        int i = manifest.Symbols.ToList().IndexOf(name);
        return i >= 0 ? i : throw new ArgumentException($"the session has no symbol '{name}' (it has: {string.Join(", ", manifest.Symbols)})");
    }

    internal static double[] Returns(List<double> equity, double initial)
    {
        var returns = new double[equity.Count];
        double previous = initial;
        for (int i = 0; i < equity.Count; i++)
        {
            returns[i] = equity[i] / previous - 1;
            previous = equity[i];
        }
        return returns;
    }

    internal static double[] ToMoney(List<long> raw) => [.. raw.Select(r => r / (double)FixedPoint.Scale)];
}
