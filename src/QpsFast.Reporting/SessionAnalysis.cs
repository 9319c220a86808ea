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
    public IReadOnlyList<(long TimeNs, double[] Positions)> Positions { get; private init; } = [];

    /// <summary>Returns the last fills of the session (at most 200), oldest first.</summary>
    public IReadOnlyList<FillRow> LastFills { get; private init; } = [];

    private SessionAnalysis(SessionManifest manifest, IReadOnlyList<AlphaReport> alphas, AlphaReport portfolio, double[,] correlations, long records)
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
    public double[,] IntervalCorrelations { get; private init; } = new double[0, 0];

    /// <summary>Returns the stream digest of the journal as read now (null when the reader could not chain it).</summary>
    public ulong? StreamDigest { get; private init; }

    /// <summary>Returns the records read.</summary>
    public long Records { get; }

    /// <summary>Returns the conventions the return metrics follow.</summary>
    public MetricConventions Conventions { get; private init; } = MetricConventions.Default;

    /// <summary>Returns the conventions of the mark-to-mark returns: the periods a year times the marks taken per day.</summary>
    public MetricConventions IntervalConventions { get; private init; } = MetricConventions.Default;

    /// <summary>Returns the portfolio marks taken per day.</summary>
    public double MarksPerDay { get; private init; }

    /// <summary>Returns the UTC day of each daily return, in order.</summary>
    public IReadOnlyList<DateOnly> Days { get; private init; } = [];

    /// <summary>Returns the gross and net exposure of all books at every portfolio mark, at the last one-minute closes.</summary>
    public IReadOnlyList<(long TimeNs, double Gross, double Net)> ExposureCurve { get; private init; } = [];

    /// <summary>Returns the benchmark symbol: buy and hold of it (the first symbol, unless asked otherwise).</summary>
    public int BenchmarkSymbol { get; private init; }

    /// <summary>Returns the benchmark's daily returns (its one-minute close at each day's end), aligned with <see cref="Days"/>.</summary>
    public IReadOnlyList<double> BenchmarkReturns { get; private init; } = [];

    /// <summary>Returns the symbol of the price chart (the first, unless asked otherwise).</summary>
    public int ChartSymbol { get; private init; }

    /// <summary>Returns the chart symbol's one-minute closes: (time ns, close).</summary>
    public IReadOnlyList<(long TimeNs, double Close)> ChartPrices { get; private init; } = [];

    /// <summary>Returns every fill of the chart symbol: (time ns, price, signed quantity).</summary>
    public IReadOnlyList<(long TimeNs, double Price, double Quantity)> ChartFills { get; private init; } = [];

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
        // Every book of the run, named by the manifest: the five built-in alphas, then the user strategies.
        byte[] sources = [.. manifest.Books.Select(b => b.Source)];
        string[] names = [.. manifest.Books.Select(b => b.Name)];
        int books = sources.Length;
        int symbols = manifest.Symbols.Count;
        var capital = Money.Create(manifest.Settings.Portfolio.CapitalPerAlpha);
        var ledger = new Ledger(books, symbols, capital);
        var bookOf = new int[256];
        Array.Fill(bookOf, -1);
        for (int b = 0; b < books; b++)
            bookOf[sources[b]] = b;

        var dailyEquity = new List<double>[books + 1];
        for (int b = 0; b <= books; b++)
            dailyEquity[b] = [];
        var lastEquity = new double[books + 1];
        var turnover = new double[books];
        var marksInPosition = new long[books];
        long markCount = 0;
        // Attribution per (book, symbol): the realized P&L and fees of that symbol's own fills, in raw money.
        var tripPnl = new List<long>[books];
        var tripStart = new long[books * symbols];
        var symbolNet = new long[books * symbols]; // realized − fees of the symbol's fills so far
        for (int b = 0; b < books; b++)
            tripPnl[b] = [];
        long currentDay = long.MinValue;
        var days = new List<DateOnly>();
        var fills = new long[books];
        var curves = new List<(long, double)>[books + 1];
        for (int b = 0; b <= books; b++)
            curves[b] = [];
        var positions = new List<(long, double[])>();
        var lastFills = new Queue<FillRow>();
        int chart = SymbolIndex(manifest, chartSymbol);
        int benchmark = SymbolIndex(manifest, benchmarkSymbol);
        var benchmarkCloses = new List<double>();
        double benchmarkStart = double.NaN;
        var lastClose = new double[symbols];
        var exposure = new List<(long, double, double)>();
        var chartPrices = new List<(long, double)>();
        var chartFills = new List<(long, double, double)>();

        reader.Read(frame =>
        {
            foreach (ref readonly var r in frame)
            {
                if (r.Kind == RecordKind.Bar && r.Aux == 1 && r.Symbol < symbols)
                {
                    lastClose[r.Symbol] = FixedPoint.ToDouble(r.Bar.Close);
                    if (r.Symbol == benchmark && double.IsNaN(benchmarkStart))
                        benchmarkStart = FixedPoint.ToDouble(r.Bar.Open);
                    if (r.Symbol == chart)
                        chartPrices.Add((r.TimeNs, lastClose[r.Symbol]));
                }
                else if (r.Kind == RecordKind.Fill && bookOf[(byte)r.Flags] is var b && b >= 0)
                {
                    if (r.Symbol == chart)
                        chartFills.Add((r.TimeNs, FixedPoint.ToDouble(r.Fill.Price), FixedPoint.ToDouble(r.Fill.Quantity)));
                    int k = b * symbols + r.Symbol;
                    long before = ledger.Position(b, r.Symbol);
                    if (before == 0)
                        tripStart[k] = symbolNet[k];
                    symbolNet[k] += ledger.ApplyFill(b, r.Symbol, r.Fill.Quantity, r.Fill.Price, r.Fill.Fee) - r.Fill.Fee;
                    fills[b]++;
                    lastFills.Enqueue(new FillRow(r.Sequence, r.TimeNs, names[b], r.Symbol < symbols ? manifest.Symbols[r.Symbol] : r.Symbol.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        FixedPoint.ToDouble(r.Fill.Quantity), FixedPoint.ToDouble(r.Fill.Price), FixedPoint.ToDouble(r.Fill.Fee)));
                    if (lastFills.Count > 200)
                        lastFills.Dequeue();
                    turnover[b] += Math.Abs(FixedPoint.ToDouble(r.Fill.Quantity) * FixedPoint.ToDouble(r.Fill.Price));
                    long after = ledger.Position(b, r.Symbol);
                    if (before != 0 && (after == 0 || Math.Sign(after) != Math.Sign(before)))
                    {
                        tripPnl[b].Add(symbolNet[k] - tripStart[k]);
                        tripStart[k] = symbolNet[k]; // a flip opens the next trip at once
                    }
                }
                else if (r.Kind == RecordKind.Mark)
                {
                    long day = (r.TimeNs - 1) / 86_400_000_000_000; // a mark at 00:00 closes the day that just ended
                    if (currentDay != long.MinValue && day != currentDay)
                        CloseDay();
                    if (day != currentDay)
                        days.Add(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day));
                    currentDay = day;
                    int slot = r.Source == SourceId.Portfolio ? books : bookOf[r.Source];
                    if (slot >= 0)
                    {
                        lastEquity[slot] = FixedPoint.ToDouble(r.Mark.Equity);
                        curves[slot].Add((r.TimeNs, lastEquity[slot]));
                    }
                    if (slot >= 0 && slot < books)
                    {
                        bool open = false;
                        for (int s = 0; s < symbols; s++)
                            open |= ledger.Position(slot, s) != 0;
                        if (open)
                            marksInPosition[slot]++;
                    }
                    if (r.Source == SourceId.Portfolio)
                    {
                        markCount++;
                        var net = new double[symbols];
                        double gross = 0, netExposure = 0;
                        for (int s = 0; s < symbols; s++)
                        {
                            net[s] = FixedPoint.ToDouble(ledger.SymbolPosition(s));
                            gross += Math.Abs(net[s] * lastClose[s]);
                            netExposure += net[s] * lastClose[s];
                        }
                        positions.Add((r.TimeNs, net));
                        exposure.Add((r.TimeNs, gross, netExposure));
                    }
                }
            }
        });
        if (currentDay != long.MinValue)
            CloseDay();

        double initial = capital.ToDouble();
        var conventions = options.Resolve(days);
        var reports = new List<AlphaReport>();
        for (int b = 0; b < books; b++)
        {
            var returns = Returns(dailyEquity[b], initial);
            long open = 0;
            for (int s = 0; s < symbols; s++)
                open += symbolNet[b * symbols + s] - tripStart[b * symbols + s];
            reports.Add(new AlphaReport(names[b], sources[b], initial, lastEquity[b], returns, ReturnMetrics.Of(returns, conventions),
                TradeMetrics.Of(ToMoney(tripPnl[b]), fills[b]), turnover[b] / initial, markCount == 0 ? 0 : (double)marksInPosition[b] / markCount)
            {
                EquityCurve = curves[b],
                TripPnlRaw = tripPnl[b],
                OpenTripsPnlRaw = open,
            });
        }
        var allTrips = ToMoney(tripPnl.SelectMany(t => t).ToList());
        var totalReturns = Returns(dailyEquity[books], initial * books);
        var portfolio = new AlphaReport("portfolio", SourceId.Portfolio, initial * books, lastEquity[books], totalReturns, ReturnMetrics.Of(totalReturns, conventions),
            TradeMetrics.Of(allTrips, fills.Sum()), turnover.Sum() / (initial * books), reports.Count == 0 ? 0 : reports.Max(a => a.Exposure))
        {
            EquityCurve = curves[books],
            TripPnlRaw = [.. tripPnl.SelectMany(t => t)],
            OpenTripsPnlRaw = reports.Sum(a => a.OpenTripsPnlRaw),
        };
        var correlations = new double[books, books];
        for (int i = 0; i < books; i++)
            for (int j = 0; j < books; j++)
                correlations[i, j] = i == j ? 1 : ReturnMetrics.Correlation(reports[i].DailyReturns, reports[j].DailyReturns);
        var interval = new double[books][];
        for (int b = 0; b < books; b++)
            interval[b] = MarkReturns(curves[b], initial);
        // Alpha and beta of each book's daily returns against buy and hold of the benchmark symbol.
        var benchmarkReturns = new double[benchmarkCloses.Count];
        for (int i = 0; i < benchmarkReturns.Length; i++)
        {
            double previous = i == 0 ? benchmarkStart : benchmarkCloses[i - 1];
            benchmarkReturns[i] = previous > 0 && benchmarkCloses[i] > 0 ? benchmarkCloses[i] / previous - 1 : double.NaN;
        }
        for (int b = 0; b <= books; b++)
        {
            var report = b == books ? portfolio : reports[b];
            var (alpha, beta) = ReturnStatistics.AlphaBeta(report.DailyReturns, benchmarkReturns, conventions.RiskFreePerPeriod, conventions.PeriodsPerYear);
            if (b == books)
                portfolio = portfolio with { Alpha = alpha, Beta = beta };
            else
                reports[b] = reports[b] with { Alpha = alpha, Beta = beta };
        }
        // The Sharpe of the mark-to-mark returns: N periods a year × the marks taken per day.
        double marksPerDay = days.Count == 0 ? 0 : (double)markCount / days.Count;
        var intervalConventions = conventions with
        {
            PeriodsPerYear = conventions.PeriodsPerYear * marksPerDay,
            PeriodsName = $"{conventions.PeriodsName} × {marksPerDay:0.#} marks a day",
            RiskFreePerPeriod = marksPerDay == 0 ? 0 : Math.Pow(1 + conventions.RiskFreePerPeriod, 1 / marksPerDay) - 1,
        };
        for (int b = 0; b <= books; b++)
        {
            var returns = MarkReturns(curves[b], b == books ? initial * books : initial);
            var withInterval = (b == books ? portfolio : reports[b]) with { IntervalSharpe = ReturnMetrics.Of(returns, intervalConventions).Sharpe, IntervalReturns = returns.Length };
            if (b == books)
                portfolio = withInterval;
            else
                reports[b] = withInterval;
        }
        var intervalCorrelations = new double[books, books];
        for (int i = 0; i < books; i++)
            for (int j = 0; j < books; j++)
                intervalCorrelations[i, j] = i == j ? 1 : ReturnMetrics.Correlation(interval[i], interval[j]);
        return new SessionAnalysis(manifest, reports, portfolio, correlations, reader.RecordCount)
        {
            Positions = positions,
            LastFills = [.. lastFills],
            IntervalCorrelations = intervalCorrelations,
            StreamDigest = reader.StreamDigest,
            Conventions = conventions,
            IntervalConventions = intervalConventions,
            MarksPerDay = marksPerDay,
            Days = days,
            ExposureCurve = exposure,
            ChartSymbol = chart,
            BenchmarkSymbol = benchmark,
            BenchmarkReturns = benchmarkReturns,
            ChartPrices = chartPrices,
            ChartFills = chartFills,
        };

        void CloseDay()
        {
            for (int b = 0; b <= books; b++)
                if (lastEquity[b] != 0)
                    dailyEquity[b].Add(lastEquity[b]);
            benchmarkCloses.Add(lastClose[benchmark]);
        }
    }

    /// <summary>Returns the mark-to-mark returns of an equity curve, the first against <paramref name="start"/>.</summary>
    internal static double[] MarkReturns(IReadOnlyList<(long TimeNs, double Equity)> curve, double start)
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

    private static int SymbolIndex(SessionManifest manifest, string? name)
    {
        if (name is null)
            return 0;
        int i = manifest.Symbols.ToList().IndexOf(name);
        return i >= 0 ? i : throw new ArgumentException($"the session has no symbol '{name}' (it has: {string.Join(", ", manifest.Symbols)})");
    }

    private static double[] Returns(List<double> equity, double initial)
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

    private static double[] ToMoney(List<long> raw) => [.. raw.Select(r => r / (double)FixedPoint.Scale)];
}
