using System.Text.Json;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;
using QpsFast.Replay;

namespace QpsFast.Dashboard;

/// <summary>
/// What the dashboard shows of one session, built record by record from its journal in stream order: equity curves
/// (total and per book, from the marks), drawdown, positions per book and symbol with unrealized P&amp;L at the last
/// price seen, the latest signals, orders, fills, rejects and risk events, the kill switch, and counts. Reads no clock:
/// the same records give the same view.
/// </summary>
public sealed class SessionView
{
    private const int Latest = 20;
    private const int CurvePoints = 1500;
    private readonly SessionManifest _manifest;
    private readonly (byte Source, string Name)[] _books;
    private readonly int[] _bookOf = new int[256];
    private readonly Ledger _ledger;
    private readonly long[] _lastPrice;
    private readonly bool[] _barSeen;
    private bool _marked = true; // no input since the latest marks: show them; else mark to the last prices
    private readonly Curve[] _curves;
    private readonly long[] _equity;
    private readonly long[] _fills;
    private readonly Queue<string[]> _signals = new(), _orders = new(), _fillRows = new(), _rejects = new(), _risk = new();
    private double _peak = double.NaN, _drawdown, _maxDrawdown;

    /// <summary>Starts the view of a session with <paramref name="manifest"/>.</summary>
    public SessionView(SessionManifest manifest)
    {
        _manifest = manifest;
        _books = [.. manifest.Books];
        Array.Fill(_bookOf, -1);
        for (int b = 0; b < _books.Length; b++)
            _bookOf[_books[b].Source] = b;
        var capital = Money.Create(manifest.Settings.Portfolio.CapitalPerAlpha);
        Capital = capital.Raw;
        _ledger = new Ledger(_books.Length, manifest.Symbols.Count, capital);
        _lastPrice = new long[manifest.Symbols.Count];
        _barSeen = new bool[manifest.Symbols.Count];
        _curves = [.. Enumerable.Range(0, _books.Length + 1).Select(_ => new Curve(CurvePoints))];
        _equity = new long[_books.Length + 1];
        Array.Fill(_equity, Capital);
        _equity[^1] = Capital * _books.Length;
        _fills = new long[_books.Length];
    }

    /// <summary>The starting capital of each book (raw money).</summary>
    public long Capital { get; }

    /// <summary>The number of books (alphas and user strategies).</summary>
    public int Books => _books.Length;

    /// <summary>The books' names.</summary>
    public IEnumerable<string> BookNames => _books.Select(b => b.Name);

    /// <summary>The session's symbols.</summary>
    public IReadOnlyList<string> Symbols => _manifest.Symbols;

    /// <summary>Records seen.</summary>
    public long Records { get; private set; }

    /// <summary>The sequence of the last record seen (−1 before the first).</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Inputs (market data and execution reports) seen.</summary>
    public long Inputs { get; private set; }

    /// <summary>The first and last event time seen (ns), or 0.</summary>
    public long FirstTimeNs { get; private set; }

    /// <summary>The last event time seen (ns), or 0.</summary>
    public long LastTimeNs { get; private set; }

    /// <summary>
    /// A book's equity now (raw money; slot <see cref="Books"/> is the portfolio): its latest mark when no input came
    /// after it (a finished session ends on its final marks), else its cash and positions at the last prices, as the
    /// engine would mark them at this input.
    /// </summary>
    public long EquityOf(int slot)
    {
        if (_marked)
            return _equity[slot];
        if (slot < _books.Length)
            return _ledger.Equity(slot, _lastPrice);
        long total = 0;
        for (int b = 0; b < _books.Length; b++)
            total += _ledger.Equity(b, _lastPrice);
        return total;
    }

    /// <summary>The portfolio's equity now (see <see cref="EquityOf"/>).</summary>
    public long PortfolioEquity => EquityOf(_books.Length);

    /// <summary>Fills of every book.</summary>
    public long Fills => _fills.Sum();

    /// <summary>The kill switch's trip (time and reason), or null while it has not tripped.</summary>
    public (long TimeNs, string Reason)? KillSwitch { get; private set; }

    /// <summary>Adds the next record of the stream.</summary>
    public void Add(in Record record)
    {
        var r = record; // 64 bytes, copied once: the local helpers below read it
        if (r.Sequence <= LastSequence)
            return; // read again after a read that failed part way: already counted
        LastSequence = r.Sequence;
        Records++;
        if (FirstTimeNs == 0)
            FirstTimeNs = r.TimeNs;
        LastTimeNs = r.TimeNs;
        // A signal comes from its alpha; orders, fills and rejects name theirs in Flags.
        int book = r.Kind == RecordKind.Signal ? _bookOf[r.Source]
            : r.Kind is RecordKind.Order or RecordKind.Fill or RecordKind.Reject or RecordKind.CancelRequest ? _bookOf[(byte)r.Flags] : -1;
        string Time() => FormatTime(r.TimeNs);
        string Book() => book >= 0 ? _books[book].Name : $"source {(byte)r.Flags}";
        string Symbol() => r.Symbol < _manifest.Symbols.Count ? _manifest.Symbols[r.Symbol] : r.Symbol == RecordDescriptor.AllSymbols ? "all" : $"#{r.Symbol}";
        switch (r.Kind)
        {
            // The engine's marks (SimulatedVenue.UpdateMarket): a bar's close; a book's mid until the symbol has a bar; a trade's price.
            case RecordKind.Bar:
                Inputs++;
                _marked = false;
                if (r.Symbol < _lastPrice.Length)
                    (_lastPrice[r.Symbol], _barSeen[r.Symbol]) = (r.Bar.Close, true);
                break;
            case RecordKind.BookLevel:
                Inputs++;
                _marked = false;
                if (r.Symbol < _lastPrice.Length && !_barSeen[r.Symbol] && r.Book.BestBid > 0 && r.Book.BestAsk > 0)
                    _lastPrice[r.Symbol] = (r.Book.BestBid + r.Book.BestAsk) / 2;
                break;
            case RecordKind.Trade:
                Inputs++;
                _marked = false;
                if (r.Symbol < _lastPrice.Length)
                    _lastPrice[r.Symbol] = r.Trade.Price;
                break;
            case RecordKind.Execution:
                Inputs++;
                break;
            case RecordKind.Signal:
                Push(_signals, [Time(), Book(), Symbol(), FixedPoint.Format(r.Signal.TargetQuantity), FixedPoint.Format(r.Signal.ReferencePrice), r.Signal.Strength.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)]);
                break;
            case RecordKind.Order:
                Push(_orders, [Time(), Book(), Symbol(), r.Order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), FixedPoint.Format(r.Order.Quantity), r.Order.LimitPrice == 0 ? "market" : FixedPoint.Format(r.Order.LimitPrice)]);
                break;
            case RecordKind.Fill:
                if (book >= 0 && r.Symbol < _lastPrice.Length)
                {
                    _ledger.ApplyFill(book, r.Symbol, r.Fill.Quantity, r.Fill.Price, r.Fill.Fee);
                    _fills[book]++;
                }
                Push(_fillRows, [Time(), Book(), Symbol(), FixedPoint.Format(r.Fill.Quantity), FixedPoint.Format(r.Fill.Price), FixedPoint.Format(r.Fill.Fee)]);
                break;
            case RecordKind.Reject:
                Push(_rejects, [Time(), Book(), Symbol(), ((RejectReason)r.Aux).ToString(), FixedPoint.Format(r.Reject.Quantity), FixedPoint.Format(r.Reject.Value), FixedPoint.Format(r.Reject.Limit)]);
                break;
            case RecordKind.RiskEvent:
                var reason = (RejectReason)r.Aux;
                if (reason is RejectReason.DailyLoss or RejectReason.Drawdown && KillSwitch is null)
                    KillSwitch = (r.TimeNs, reason.ToString());
                Push(_risk, [Time(), Symbol(), reason.ToString(), FixedPoint.Format(r.Reject.Value), FixedPoint.Format(r.Reject.Limit)]);
                break;
            case RecordKind.Mark:
                int slot = r.Source == SourceId.Portfolio ? _books.Length : _bookOf[r.Source];
                if (slot < 0)
                    break;
                _equity[slot] = r.Mark.Equity;
                _marked = true;
                double equity = FixedPoint.ToDouble(r.Mark.Equity);
                _curves[slot].Add(r.TimeNs, equity);
                if (slot == _books.Length)
                {
                    _peak = double.IsNaN(_peak) ? equity : Math.Max(_peak, equity);
                    _drawdown = _peak > 0 ? equity / _peak - 1 : 0;
                    _maxDrawdown = Math.Min(_maxDrawdown, _drawdown);
                }
                break;
        }
    }

    private static void Push(Queue<string[]> rows, string[] row)
    {
        rows.Enqueue(row);
        if (rows.Count > Latest)
            rows.Dequeue();
    }

    /// <summary>Formats an event time as UTC.</summary>
    public static string FormatTime(long ns) => ns == 0 ? "" : DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes the view's figures, curves and tables as the properties of the current JSON object.</summary>
    public void Write(Utf8JsonWriter w)
    {
        double capital = FixedPoint.ToDouble(Capital);
        w.WriteStartArray("symbols");
        foreach (var s in _manifest.Symbols)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteString("first_time", FormatTime(FirstTimeNs));
        w.WriteString("last_time", FormatTime(LastTimeNs));
        w.WriteNumber("records", Records);
        w.WriteNumber("inputs", Inputs);
        w.WriteNumber("fills", Fills);
        w.WriteNumber("equity", FixedPoint.ToDouble(PortfolioEquity));
        w.WriteNumber("initial", capital * _books.Length);
        w.WriteNumber("pnl", FixedPoint.ToDouble(PortfolioEquity) - capital * _books.Length);
        w.WriteNumber("drawdown", _drawdown);
        w.WriteNumber("max_drawdown", _maxDrawdown);
        if (KillSwitch is { } k)
        {
            w.WriteStartObject("kill_switch");
            w.WriteString("time", FormatTime(k.TimeNs));
            w.WriteString("reason", k.Reason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("kill_switch");
        }
        w.WriteStartArray("books");
        for (int b = 0; b <= _books.Length; b++)
        {
            w.WriteStartObject();
            w.WriteString("name", b < _books.Length ? _books[b].Name : "portfolio");
            w.WriteNumber("equity", FixedPoint.ToDouble(EquityOf(b)));
            w.WriteNumber("pnl", FixedPoint.ToDouble(EquityOf(b)) - (b < _books.Length ? capital : capital * _books.Length));
            w.WriteNumber("fills", b < _books.Length ? _fills[b] : Fills);
            w.WriteStartArray("curve");
            foreach (var (t, v) in _curves[b].Points)
            {
                w.WriteStartArray();
                w.WriteNumberValue(t / 1_000_000); // ms since 1970, for the browser's Date
                w.WriteNumberValue(Math.Round(v, 2));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("positions");
        for (int b = 0; b < _books.Length; b++)
        {
            for (int s = 0; s < _lastPrice.Length; s++)
            {
                long position = _ledger.Position(b, s);
                if (position == 0)
                    continue;
                long basis = _ledger.Basis(b, s);
                long value = FixedPoint.Multiply(position, _lastPrice[s]);
                w.WriteStartArray();
                w.WriteStringValue(_books[b].Name);
                w.WriteStringValue(_manifest.Symbols[s]);
                w.WriteStringValue(FixedPoint.Format(position));
                w.WriteStringValue(FixedPoint.Format(FixedPoint.DivideTruncating(Math.Abs(basis), Math.Abs(position))));
                w.WriteStringValue(FixedPoint.Format(_lastPrice[s]));
                w.WriteNumberValue(Math.Round(FixedPoint.ToDouble(value - basis), 2));
                w.WriteEndArray();
            }
        }
        w.WriteEndArray();
        Table(w, "signals", _signals);
        Table(w, "orders", _orders);
        Table(w, "fill_rows", _fillRows);
        Table(w, "rejects", _rejects);
        Table(w, "risk_events", _risk);
    }

    private static void Table(Utf8JsonWriter w, string name, Queue<string[]> rows)
    {
        w.WriteStartArray(name);
        foreach (var row in rows.Reverse()) // newest first
        {
            w.WriteStartArray();
            foreach (var cell in row)
                w.WriteStringValue(cell);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    // An equity curve kept to at most `capacity` points however long the session: when full, every other point goes
    // and the stride doubles (the last point is always the latest mark).
    private sealed class Curve(int capacity)
    {
        private readonly List<(long, double)> _points = [];
        private long _stride = 1, _seen;
        private (long, double)? _latest;

        public IEnumerable<(long, double)> Points => _latest is { } l && (_points.Count == 0 || _points[^1] != l) ? [.. _points, l] : _points;

        public void Add(long t, double v)
        {
            _latest = (t, v);
            if (_seen++ % _stride != 0)
                return;
            _points.Add((t, v));
            if (_points.Count < capacity)
                return;
            for (int i = 0; i < _points.Count / 2; i++)
                _points[i] = _points[2 * i];
            _points.RemoveRange(_points.Count / 2, _points.Count - _points.Count / 2);
            _stride *= 2;
        }
    }
}
