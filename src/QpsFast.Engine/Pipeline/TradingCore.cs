using QpsFast.Engine.Broker;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// The business-logic stage and the single writer of positions, cash and orders: for each slot it (1) updates marks
/// and the broker's book from the input, (2) lets the paper broker fill pending orders against it, (3) turns the
/// alphas' signals into orders through the four risk layers, (4) checks the system limits and trips the kill switch,
/// (5) journals portfolio marks on schedule, and finally numbers the slot's records in stream order.
/// </summary>
/// <remarks>
/// Risk, broker and portfolio are one stage because each needs the others' state at the same point of the stream
/// (risk needs positions that fills change; fills need the orders risk makes). Splitting them across threads would
/// need a feedback barrier; keeping them on one thread keeps the single-writer rule and the determinism trivially.
/// </remarks>
public sealed partial class TradingCore
{
    private const long MinuteNs = 60_000_000_000;

    private readonly RiskLimits _limits;
    private readonly BrokerSettings _broker;
    // Broker rates as raw fixed-point fractions (1 bp = 10,000 raw), converted once.
    private readonly long _slippageRate;
    private readonly long _feeRate;
    private readonly long _minFee;
    private readonly long _limitOffsetRate;
    private readonly long _markIntervalNs;
    private readonly int _symbols;
    private readonly int[] _bookOf = new int[256];
    private readonly byte[] _sourceOf;
    private readonly long[] _marks;
    private readonly bool[] _barSeen;
    private readonly PaperBook _book;
    private readonly PendingOrder[] _pending;
    private readonly long[] _orderTimes;
    private readonly long[] _roundTrips;
    private readonly long[] _orders;
    private readonly long[] _rejects;
    private readonly bool[] _flattenAtEnd;
    private readonly bool _flattenAny;
    private readonly int _userReserve;
    private int _signalsEnd;
    private int _pendingCount;
    private int _orderTimeHead;
    private long _nextSequence;
    private long _nextOrderId;
    private long _nextMarkNs;
    private bool _killed;
    private long _day = long.MinValue;
    private long _dayStartEquity;
    private long _peakEquity;

    /// <summary>Creates the stage for the alphas with source ids <paramref name="alphaSources"/> over <paramref name="symbols"/> symbols.</summary>
    /// <param name="alphaSources">The source id of each book, in book order.</param>
    /// <param name="symbols">The number of symbols.</param>
    /// <param name="risk">Risk limits.</param>
    /// <param name="broker">The paper broker's rules.</param>
    /// <param name="portfolio">Accounting settings.</param>
    /// <param name="bookLevels">Order-book depth the broker tracks.</param>
    /// <param name="flattenAtSessionEnd">Per book (same order as <paramref name="alphaSources"/>, or empty for none):
    /// close its positions at the last marks when the session ends.</param>
    /// <param name="userRecordReserve">Outbox records kept free for the user strategies at every input (the sum of
    /// their <see cref="Strategies.StrategyInfo.RecordsPerInput"/>): the broker's fills never take them.</param>
    public TradingCore(ReadOnlySpan<byte> alphaSources, int symbols, RiskSettings risk, BrokerSettings broker, PortfolioSettings portfolio, int bookLevels = 20, ReadOnlySpan<bool> flattenAtSessionEnd = default, int userRecordReserve = 0)
    {
        _symbols = symbols;
        _limits = new RiskLimits(risk);
        _broker = broker;
        _slippageRate = Money.Create(broker.SlippageBps / 10_000m).Raw;
        _feeRate = Money.Create(broker.FeeBps / 10_000m).Raw;
        _minFee = Money.Create(broker.MinFee).Raw;
        _limitOffsetRate = Money.Create(broker.LimitOffsetBps / 10_000m).Raw;
        _markIntervalNs = portfolio.MarkIntervalMinutes * MinuteNs;
        _bookOf.AsSpan().Fill(-1);
        _sourceOf = alphaSources.ToArray();
        for (int i = 0; i < _sourceOf.Length; i++)
        {
            if (_bookOf[_sourceOf[i]] >= 0)
                throw new ArgumentException($"alpha source id {_sourceOf[i]} is registered twice", nameof(alphaSources));
            _bookOf[_sourceOf[i]] = i;
        }
        Ledger = new Ledger(_sourceOf.Length, symbols, Money.Create(portfolio.CapitalPerAlpha));
        _marks = new long[symbols];
        _barSeen = new bool[symbols];
        _book = new PaperBook(symbols, bookLevels);
        _pending = new PendingOrder[broker.MaxPendingOrders];
        _orderTimes = new long[Math.Max(1, risk.MaxOrdersPerMinute)];
        _orderTimes.AsSpan().Fill(long.MinValue);
        _roundTrips = new long[_sourceOf.Length];
        _orders = new long[_sourceOf.Length];
        _rejects = new long[_sourceOf.Length];
        _flattenAtEnd = new bool[_sourceOf.Length];
        _userReserve = userRecordReserve;
        _deferred = new Deferred[Math.Clamp(2 * broker.MaxPendingOrders, 64, 1 << 16)];
        if (!flattenAtSessionEnd.IsEmpty)
        {
            if (flattenAtSessionEnd.Length != _sourceOf.Length)
                throw new ArgumentException("one flag per book", nameof(flattenAtSessionEnd));
            flattenAtSessionEnd.CopyTo(_flattenAtEnd);
            _flattenAny = _flattenAtEnd.Contains(true);
        }
    }

    /// <summary>Returns or sets the recorder told when each stamped slot has been applied (benchmarks only).</summary>
    public ILatencyRecorder? LatencyRecorder { get; set; }

    /// <summary>Returns the accounts (read only after the pipeline has stopped).</summary>
    public Ledger Ledger { get; }

    /// <summary>Returns the alpha source id of each book.</summary>
    public ReadOnlySpan<byte> AlphaSources => _sourceOf;

    /// <summary>Returns the latest mark price of each symbol (raw).</summary>
    public ReadOnlySpan<long> Marks => _marks;

    /// <summary>Returns whether the kill switch has tripped.</summary>
    public bool KillSwitchTripped => _killed;

    /// <summary>Returns the stream sequence the next input will get.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>Returns how many round trips (back to flat, or through it) a book has made.</summary>
    public long RoundTrips(int book) => _roundTrips[book];

    /// <summary>Returns how many orders a book has sent.</summary>
    public long OrderCount(int book) => _orders[book];

    /// <summary>Returns how many of a book's orders risk rejected.</summary>
    public long RejectCount(int book) => _rejects[book];

    /// <summary>Processes one slot with no strategy between its two halves: <see cref="Settle"/> then <see cref="Execute"/>.</summary>
    public void Process(ref Slot slot)
    {
        Settle(ref slot);
        Execute(ref slot);
    }

    /// <summary>
    /// The first half of a slot: updates marks and the broker's book from the input and fills pending orders against
    /// it, so the strategies that run next see their books after every fill up to and including this input.
    /// </summary>
    public void Settle(ref Slot slot)
    {
        ref var input = ref slot.Input;
        input.Sequence = _nextSequence;
        if (input.IsMarketData)
        {
            UpdateMarket(in input);
            if (_pendingCount > 0)
            {
                // Fills may take the outbox up to here: every record already in it may be a signal that needs one more
                // record from risk, and the user strategies, the marks and a kill-switch event keep their room.
                _fillLimit = Outbox.Capacity - CoreReserve - _userReserve - slot.OutboxCount;
                FillPending(ref slot);
            }
        }
    }

    /// <summary>
    /// The second half of a slot: turns every signal in the outbox into orders through risk, checks the system limits,
    /// flattens the books that ask for it at session end, journals marks on schedule, and numbers the slot's records.
    /// </summary>
    public void Execute(ref Slot slot)
    {
        long baseSequence = _nextSequence;
        int alphaRecords = slot.OutboxCount;
        _signalsEnd = alphaRecords;
        for (int i = 0; i < alphaRecords; i++)
        {
            if (slot.Outbox[i].Kind == RecordKind.Signal)
                HandleSignal(ref slot, i, baseSequence + 1 + i);
        }
        var kind = slot.Input.Kind;
        if (kind == RecordKind.Bar)
            CheckSystemLimits(ref slot, baseSequence);
        else if (kind == RecordKind.SessionEnd)
        {
            _ending = true;
            if (_flattenAny)
                FlattenAtSessionEnd(ref slot, baseSequence);
        }
        if (_deferredCount > 0)
            DrainDeferred(ref slot);
        MaybeMark(ref slot);

        int count = slot.OutboxCount;
        for (int i = 0; i < count; i++)
            slot.Outbox[i].Sequence = baseSequence + 1 + i;
        _nextSequence = baseSequence + 1 + count;
        if (slot.LatencyStamp != 0 && LatencyRecorder is { } recorder)
            recorder.OnApplied(slot.LatencyStamp);
    }

    private void UpdateMarket(in Record input)
    {
        int s = input.Symbol;
        if (s >= _symbols)
            return;
        switch (input.Kind)
        {
            case RecordKind.Bar:
                _marks[s] = input.Bar.Close;
                _barSeen[s] = true;
                _book.Invalidate(s);
                break;
            case RecordKind.BookLevel:
                _book.Update(s, input.Book.Side, input.Book.Level, input.Book.Price, input.Book.Size);
                if (!_barSeen[s] && input.Book.BestBid > 0 && input.Book.BestAsk > 0)
                    _marks[s] = (input.Book.BestBid + input.Book.BestAsk) / 2;
                break;
            case RecordKind.Trade:
                _marks[s] = input.Trade.Price;
                break;
        }
    }

    /// <summary>Returns the sum of all books' equity at the current marks (raw).</summary>
    public long TotalEquity()
    {
        long total = 0;
        for (int b = 0; b < Ledger.Books; b++)
            total += Ledger.Equity(b, _marks);
        return total;
    }

    /// <summary>A resting order: 56 bytes, hot fields first (the broker scans and shifts the table).</summary>
    private struct PendingOrder
    {
        public ushort Book;
        public ushort Symbol;
        /// <summary>Signed quantity left; for an order not yet sized, risk's estimate (its sign is the order's side).</summary>
        public long Remaining;
        /// <summary>When it may fill: its creation time + the broker's latency (so creation is this − latency).</summary>
        public long EligibleNs;
        public long Limit;
        public long OrderId;
        public long Parent;
        /// <summary>Quantity once sized; Value or Percent until the first fill sizes it against the fill price.</summary>
        public TargetKind Sizing;
        public byte LotDecimals;
        /// <summary>The money or fraction of equity to size to (raw), while <see cref="Sizing"/> is not Quantity.</summary>
        public long Amount;
    }
}
