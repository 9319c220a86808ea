using QpsFast.Engine.Broker;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Strategies;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// The single writer of positions, cash and orders, and the thin orchestrator of the parts that own them: for each
/// slot, <see cref="Settle"/> lets the simulated venue (<c>Broker/</c>) update the market and fill pending orders;
/// then, after the strategies that read their books, <see cref="Execute"/> turns every signal into an order through
/// the risk checker (<c>Risk/</c>), checks the system limits, lets the venue finish deferred work, journals marks on
/// schedule (<c>Portfolio/</c>), and numbers the slot's records in stream order.
/// </summary>
/// <remarks>
/// Risk, broker and portfolio run on one thread because each needs the others' state at the same point of the stream
/// (risk needs positions that fills change; fills need the orders risk makes): the single-writer rule, and the
/// determinism, hold trivially. Strategies that read books run between the two halves on the same thread
/// (docs/architecture.md).
/// </remarks>
public sealed class TradingCore
{
    private readonly BookSet _books;
    private readonly SimulatedVenue _venue;
    private readonly RiskChecker _risk;
    private readonly MarkSchedule _marks;
    private int _signalsEnd;
    private long _nextSequence;
    private bool _ending;

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
    /// their <see cref="StrategyInfo.RecordsPerInput"/>): the broker's fills never take them.</param>
    public TradingCore(ReadOnlySpan<byte> alphaSources, int symbols, RiskSettings risk, BrokerSettings broker, PortfolioSettings portfolio, int bookLevels = 20, ReadOnlySpan<bool> flattenAtSessionEnd = default, int userRecordReserve = 0)
    {
        _books = new BookSet(alphaSources, symbols, portfolio);
        var rate = new OrderRateWindow(risk.MaxOrdersPerMinute);
        _venue = new SimulatedVenue(_books, broker, rate, bookLevels, flattenAtSessionEnd, userRecordReserve);
        _risk = new RiskChecker(_books, risk, _venue, rate);
        _marks = new MarkSchedule(_books, portfolio);
    }

    /// <summary>Returns or sets the recorder told when each stamped slot has been applied (benchmarks only).</summary>
    public ILatencyRecorder? LatencyRecorder { get; set; }

    /// <summary>Returns the accounts (read only after the pipeline has stopped).</summary>
    public Ledger Ledger => _books.Ledger;

    /// <summary>Returns the alpha source id of each book.</summary>
    public ReadOnlySpan<byte> AlphaSources => _books.Sources;

    /// <summary>Returns the latest mark price of each symbol (raw).</summary>
    public ReadOnlySpan<long> Marks => _books.Marks;

    /// <summary>Returns whether the kill switch has tripped.</summary>
    public bool KillSwitchTripped => _risk.Killed;

    /// <summary>Returns whether work waits to be journaled at the next inputs (the engine feeds heartbeats at session end until it is done).</summary>
    public bool HasDeferredWork => _venue.HasDeferredWork;

    /// <summary>
    /// Faces an outside venue from now on (before the first input): orders leave through <paramref name="gateway"/>
    /// (none for replay and recovery, which read the venue's answers from the journal) and fills come only from
    /// <see cref="RecordKind.Execution"/> inputs.
    /// </summary>
    public void ConnectVenue(IOrderGateway? gateway)
    {
        if (_nextSequence != 0)
            throw new InvalidOperationException("Connect the venue before the first input.");
        _venue.ConnectRemote(gateway);
    }

    /// <summary>Returns whether the core faces an outside venue.</summary>
    public bool HasRemoteVenue => _venue.IsRemote;

    /// <summary>Returns how many reconciliation mismatches with the outside venue the core has journaled.</summary>
    public int ReconcileMismatches => _venue.Mismatches;

    /// <summary>Returns the orders open at the venue (safe from any thread: a live session waits for them at its end).</summary>
    public int OpenOrders => _venue.OpenOrders;

        /// <summary>Returns the stream sequence the next input will get.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>Returns how many round trips (back to flat, or through it) a book has made.</summary>
    public long RoundTrips(int book) => _books.RoundTrips[book];

    /// <summary>Returns how many orders a book has sent.</summary>
    public long OrderCount(int book) => _books.Orders[book];

    /// <summary>Returns how many of a book's orders risk rejected.</summary>
    public long RejectCount(int book) => _books.Rejects[book];

    /// <summary>Returns the sum of all books' equity at the current marks (raw).</summary>
    public long TotalEquity() => _books.TotalEquity();

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
            _venue.UpdateMarket(in input);
            if (!_venue.IsRemote)
                _venue.FillPending(ref slot);
        }
        else if (input.Kind == RecordKind.Execution)
        {
            _venue.ApplyExecution(ref slot);
        }
        else if (input.Kind == RecordKind.Heartbeat && input.Flags == (ushort)HeartbeatSource.Reconnected)
        {
            _venue.MarkReconnect();
        }
    }

    /// <summary>
    /// The second half of a slot: turns every signal in the outbox into orders through risk, checks the system limits,
    /// flattens the books that ask for it at session end, does deferred work, journals marks on schedule, and numbers
    /// the slot's records.
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
            _risk.CheckSystemLimits(ref slot, baseSequence);
        else if (kind == RecordKind.SessionEnd)
        {
            _ending = true;
            if (_venue.FlattensAtSessionEnd)
                _venue.FlattenAtSessionEnd(ref slot, baseSequence);
        }
        if (_venue.HasDeferredWork)
            _venue.DrainDeferred(ref slot);
        // Session end, and each continuation heartbeat after it (which finishes deferred work), writes final marks.
        _marks.MaybeMark(ref slot, kind == RecordKind.SessionEnd || (_ending && kind == RecordKind.Heartbeat));

        int count = slot.OutboxCount;
        for (int i = 0; i < count; i++)
            slot.Outbox[i].Sequence = baseSequence + 1 + i;
        _nextSequence = baseSequence + 1 + count;
        if (slot.LatencyStamp != 0 && LatencyRecorder is { } recorder)
            recorder.OnApplied(slot.LatencyStamp);
    }

    /// <summary>Order entry: one signal becomes an order through the risk layers, or a reject.</summary>
    private void HandleSignal(ref Slot slot, int index, long signalSequence)
    {
        ref readonly var signal = ref slot.Outbox[index];
        int book = _books.BookOf(signal.Source);
        if (book < 0)
            ThrowHelper.ThrowInvalidOperation($"signal at sequence {signalSequence} comes from unregistered source {signal.Source}");
        int s = signal.Symbol;
        var kind = signal.Signal.Target;
        long limit = signal.Signal.LimitPrice;
        // A value, percent or limit target, or a cancel, replaces the book's pending orders in the symbol; a plain
        // quantity target (the built-in alphas') adds the difference to position + pending.
        bool replaces = kind != TargetKind.Quantity || limit != 0;
        if (replaces)
        {
            _venue.CancelPending(ref slot, book, s, signalSequence, Outbox.Capacity - _venue.CoreReserve - SignalsAfter(ref slot, index));
            if (kind == TargetKind.Cancel)
                return;
        }
        long current = _books.Ledger.Position(book, s) + (replaces ? 0 : _venue.PendingQuantity(book, s));
        long target = signal.Signal.TargetQuantity;
        var marks = _books.Marks;
        long price = marks[s] != 0 ? marks[s] : signal.Signal.ReferencePrice;
        if (kind != TargetKind.Quantity)
        {
            // Risk checks an estimate: the target sized now at the current mark. The order is sized again when it
            // fills, against the fill price (OrderPayload.Sizing).
            if (price <= 0)
            {
                _books.Reject(ref slot, book, s, 0, RejectReason.NoPrice, 0, 0, signalSequence);
                return;
            }
            target = _venue.SizeTarget(book, s, kind, target, price, signal.Signal.LotDecimals);
        }
        long delta = target - current;
        if (delta == 0)
            return;

        if (_risk.Killed)
        {
            _books.Reject(ref slot, book, s, delta, RejectReason.KillSwitchActive, 1, 0, signalSequence);
            return;
        }
        if (price <= 0)
        {
            _books.Reject(ref slot, book, s, delta, RejectReason.NoPrice, 0, 0, signalSequence);
            return;
        }
        bool reducing = Math.Abs(target) <= Math.Abs(current) && (target == 0 || Math.Sign(target) == Math.Sign(current));
        if (!reducing && !_risk.PassesExposureLimits(ref slot, book, s, delta, target, price, signalSequence))
            return;
        if (!_risk.PassesOrderRate(ref slot, book, s, delta, signalSequence, slot.Input.TimeNs))
            return;
        if (_venue.IsFull)
        {
            var (count, capacity) = _venue.Table;
            _books.Reject(ref slot, book, s, delta, RejectReason.TooManyPendingOrders, count, capacity, signalSequence);
            return;
        }
        if (limit == 0)
            limit = _venue.PolicyLimit(delta, signal.Signal.ReferencePrice);
        _venue.Send(ref slot, book, s, delta, limit, signalSequence, kind, signal.Signal.TargetQuantity, signal.Signal.LotDecimals);
    }

    /// <summary>Returns how many signals follow outbox index <paramref name="index"/> among the ones Execute handles (each needs a record from risk).</summary>
    private int SignalsAfter(ref Slot slot, int index)
    {
        int n = 0;
        for (int i = index + 1; i < _signalsEnd; i++)
        {
            if (slot.Outbox[i].Kind == RecordKind.Signal)
                n++;
        }
        return n;
    }

    /// <summary>Returns the book of a source id, or −1.</summary>
    internal int BookIndexOf(byte source) => _books.BookOf(source);

    internal long PendingQuantityOf(int book, int symbol) => _venue.PendingQuantity(book, symbol);

    internal int PendingCountOf(int book) => _venue.PendingCountOf(book);

    internal PendingOrderInfo PendingOrderOf(int book, int index) => _venue.PendingOrderOf(book, index);
}
