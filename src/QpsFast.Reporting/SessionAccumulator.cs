using QpsFast.Engine.Alphas;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Replay;

namespace QpsFast.Reporting;

/// <summary>
/// Builds a <see cref="SessionAnalysis"/> from a session's record stream, record by record, in stream order: from a
/// journal (<see cref="SessionAnalysis.FromJournal(string)"/>), or from the records a run keeps without one (a sweep's
/// trials). Only one-minute bars, fills and marks matter; every other record is skipped.
/// </summary>
public sealed class SessionAccumulator
{
    private readonly SessionManifest manifest;
    private readonly MetricOptions options;
    private readonly byte[] sources;
    private readonly string[] names;
    private readonly int books;
    private readonly int symbols;
    private readonly Money capital;
    private readonly Ledger ledger;
    private readonly int[] bookOf = new int[256];
    private readonly List<double>[] dailyEquity;
    private readonly double[] lastEquity;
    private readonly double[] turnover;
    private readonly long[] marksInPosition;
    private long markCount;
    // Attribution per (book, symbol): the realized P&L and fees of that symbol's own fills, in raw money.
    private readonly List<long>[] tripPnl;
    private readonly long[] tripStart;
    private readonly long[] symbolNet; // realized − fees of the symbol's fills so far
    private long currentDay = long.MinValue;
    private bool finished;
    private readonly List<DateOnly> days = [];
    private readonly long[] fills;
    private readonly List<(long, double)>[] curves;
    private readonly List<(long, double[])> positions = [];
    private readonly Queue<FillRow> lastFills = new();
    private readonly int chart;
    private readonly int benchmark;
    private readonly List<double> benchmarkCloses = [];
    private double benchmarkStart = double.NaN;
    private readonly double[] lastClose;
    private readonly List<(long, double, double)> exposure = [];
    private readonly List<(long, double)> chartPrices = [];
    private readonly List<(long, double, double)> chartFills = [];

    /// <summary>Starts an analysis of a session with <paramref name="manifest"/> (see <see cref="SessionAnalysis.FromJournal(string, MetricOptions, string?, string?)"/>).</summary>
    /// <exception cref="ArgumentException">The session has no symbol named <paramref name="chartSymbol"/> or <paramref name="benchmarkSymbol"/>.</exception>
    public SessionAccumulator(SessionManifest manifest, MetricOptions options, string? chartSymbol = null, string? benchmarkSymbol = null)
    {
        this.manifest = manifest;
        this.options = options;
        // Every book of the run, named by the manifest: the five built-in alphas, then the user strategies.
        sources = [.. manifest.Books.Select(b => b.Source)];
        names = [.. manifest.Books.Select(b => b.Name)];
        books = sources.Length;
        symbols = manifest.Symbols.Count;
        capital = Money.Create(manifest.Settings.Portfolio.CapitalPerAlpha);
        ledger = new Ledger(books, symbols, capital);
        Array.Fill(bookOf, -1);
        for (int b = 0; b < books; b++)
            bookOf[sources[b]] = b;
        dailyEquity = new List<double>[books + 1];
        curves = new List<(long, double)>[books + 1];
        for (int b = 0; b <= books; b++)
            (dailyEquity[b], curves[b]) = ([], []);
        lastEquity = new double[books + 1];
        turnover = new double[books];
        marksInPosition = new long[books];
        fills = new long[books];
        tripPnl = new List<long>[books];
        for (int b = 0; b < books; b++)
            tripPnl[b] = [];
        tripStart = new long[books * symbols];
        symbolNet = new long[books * symbols];
        chart = SessionAnalysis.SymbolIndex(manifest, chartSymbol);
        benchmark = SessionAnalysis.SymbolIndex(manifest, benchmarkSymbol);
        lastClose = new double[symbols];
    }

    /// <summary>Adds the next record of the stream.</summary>
    public void Add(in Record r)
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

    /// <summary>
    /// Ends the stream and computes the analysis; <paramref name="records"/> and <paramref name="streamDigest"/> are what
    /// the analysis reports as the stream's length and digest.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was already called.</exception>
    public SessionAnalysis Finish(long records, ulong? streamDigest)
    {
        if (finished)
            throw new InvalidOperationException("the analysis is finished already");
        finished = true;
        if (currentDay != long.MinValue)
            CloseDay();

        double initial = capital.ToDouble();
        var conventions = options.Resolve(days);
        var reports = new List<AlphaReport>();
        for (int b = 0; b < books; b++)
        {
            var returns = SessionAnalysis.Returns(dailyEquity[b], initial);
            long open = 0;
            for (int s = 0; s < symbols; s++)
                open += symbolNet[b * symbols + s] - tripStart[b * symbols + s];
            reports.Add(new AlphaReport(names[b], sources[b], initial, lastEquity[b], returns, ReturnMetrics.Of(returns, conventions),
                TradeMetrics.Of(SessionAnalysis.ToMoney(tripPnl[b]), fills[b]), turnover[b] / initial, markCount == 0 ? 0 : (double)marksInPosition[b] / markCount)
            {
                EquityCurve = curves[b],
                TripPnlRaw = tripPnl[b],
                OpenTripsPnlRaw = open,
            });
        }
        var allTrips = SessionAnalysis.ToMoney(tripPnl.SelectMany(t => t).ToList());
        var totalReturns = SessionAnalysis.Returns(dailyEquity[books], initial * books);
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
            interval[b] = SessionAnalysis.MarkReturns(curves[b], initial);
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
            var returns = SessionAnalysis.MarkReturns(curves[b], b == books ? initial * books : initial);
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
        return new SessionAnalysis(manifest, reports, portfolio, correlations, records)
        {
            Positions = positions,
            LastFills = [.. lastFills],
            IntervalCorrelations = intervalCorrelations,
            StreamDigest = streamDigest,
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

    }

    private void CloseDay()
    {
        for (int b = 0; b <= books; b++)
            if (lastEquity[b] != 0)
                dailyEquity[b].Add(lastEquity[b]);
        benchmarkCloses.Add(lastClose[benchmark]);
    }
}
