using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Broker;

/// <summary>
/// The simulated venue (the paper broker): the market it sees (marks and a book per symbol), the pending orders, and
/// their fills, which it books in the ledger. Fills are deterministic functions of the records. An order is never
/// filled by the input that created it, nor before its creation time + latency (docs/engine.md).
/// </summary>
internal sealed partial class SimulatedVenue
{
    private const long MinuteNs = 60_000_000_000;

    private readonly BookSet _books;
    private readonly Ledger _ledger;
    private readonly long[] _marks;
    private readonly BrokerSettings _broker;
    // Rates as raw fixed-point fractions (1 bp = 10,000 raw), converted once.
    private readonly long _slippageRate;
    private readonly long _feeRate;
    private readonly long _minFee;
    private readonly long _limitOffsetRate;
    private readonly bool[] _barSeen;
    private readonly PaperBook _book;
    private readonly PendingOrder[] _pending;
    private readonly OrderRateWindow _rate;
    private readonly int _userReserve;
    private int _pendingCount;
    private int _fillLimit;
    private long _nextOrderId;

    /// <param name="books">The books, ledger and marks it fills into.</param>
    /// <param name="broker">Its rules.</param>
    /// <param name="rate">Where it records each order's time (risk's orders-per-minute window).</param>
    /// <param name="bookLevels">Order-book depth it tracks.</param>
    /// <param name="flattenAtSessionEnd">Per book: close its positions at the last marks when the session ends.</param>
    /// <param name="userReserve">Outbox records its fills leave to the user strategies at every input.</param>
    public SimulatedVenue(BookSet books, BrokerSettings broker, OrderRateWindow rate, int bookLevels, ReadOnlySpan<bool> flattenAtSessionEnd, int userReserve)
    {
        _books = books;
        _ledger = books.Ledger;
        _marks = books.Marks;
        _broker = broker;
        _rate = rate;
        _slippageRate = Money.Create(broker.SlippageBps / 10_000m).Raw;
        _feeRate = Money.Create(broker.FeeBps / 10_000m).Raw;
        _minFee = Money.Create(broker.MinFee).Raw;
        _limitOffsetRate = Money.Create(broker.LimitOffsetBps / 10_000m).Raw;
        _barSeen = new bool[books.Symbols];
        _book = new PaperBook(books.Symbols, bookLevels);
        _pending = new PendingOrder[broker.MaxPendingOrders];
        _userReserve = userReserve;
        _deferred = new Deferred[Math.Clamp(2 * broker.MaxPendingOrders, 64, 1 << 16)];
        _flattenAtEnd = new bool[books.Sources.Length];
        if (!flattenAtSessionEnd.IsEmpty)
        {
            if (flattenAtSessionEnd.Length != _flattenAtEnd.Length)
                throw new ArgumentException("one flag per book", nameof(flattenAtSessionEnd));
            flattenAtSessionEnd.CopyTo(_flattenAtEnd);
            FlattensAtSessionEnd = _flattenAtEnd.Contains(true);
        }
    }

    /// <summary>Records the trading core keeps free in every input's outbox for the marks and a kill-switch event.</summary>
    public int CoreReserve => _ledger.Books + 2;

    /// <summary>Updates the marks and the book from a market input.</summary>
    public void UpdateMarket(in Record input)
    {
        int s = input.Symbol;
        if (s >= _marks.Length)
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

    /// <summary>
    /// Tries every pending order of the input's symbol, oldest first. Orders created at this input are added after
    /// this step, so nothing ever fills on the event that created it. Fills stop at the input's fill limit (the room the
    /// rest of the input needs: every record already in the outbox may be a signal that needs one more from risk, and
    /// the user strategies, the marks and a kill-switch event keep theirs); orders not reached wait for the next event.
    /// </summary>
    public void FillPending(ref Slot slot)
    {
        if (_pendingCount == 0)
            return;
        _fillLimit = Outbox.Capacity - CoreReserve - _userReserve - slot.OutboxCount;
        ref readonly var input = ref slot.Input;
        int i = 0;
        while (i < _pendingCount && slot.OutboxCount < _fillLimit)
        {
            ref var order = ref _pending[i];
            if (order.Symbol == input.Symbol && input.TimeNs >= order.EligibleNs)
                TryFill(ref slot, ref order, in input);
            if (order.Remaining == 0)
            {
                // Keep FIFO order: shift the rest down.
                Array.Copy(_pending, i + 1, _pending, i, _pendingCount - i - 1);
                _pendingCount--;
            }
            else
            {
                i++;
            }
        }
    }

    private void TryFill(ref Slot slot, ref PendingOrder order, in Record input)
    {
        bool buy = order.Remaining > 0;
        switch (input.Kind)
        {
            case RecordKind.Bar:
            {
                if (order.Limit != 0)
                {
                    // A limit fills only when the bar trades through it; at the open if that is already better.
                    if (buy && input.Bar.Low < order.Limit)
                        Fill(ref slot, ref order, long.MaxValue, Math.Min(order.Limit, input.Bar.Open), slip: false);
                    else if (!buy && input.Bar.High > order.Limit)
                        Fill(ref slot, ref order, long.MaxValue, Math.Max(order.Limit, input.Bar.Open), slip: false);
                    return;
                }
                if (_broker.Mode == FillMode.NextBarOpen)
                {
                    // The first bar that opens no earlier than the order and closes no earlier than the order + latency:
                    // on contiguous bars (each opening at the previous close) the bar right after the signal's bar for
                    // any latency up to one bar; a longer latency delays by whole bars; a gap (weekend, holiday) fills
                    // on the next bar there is. A bar that opened before the order was made never fills it.
                    long openTime = input.TimeNs - input.Aux * MinuteNs;
                    long createdNs = order.EligibleNs - _broker.LatencyNs;
                    if (openTime >= createdNs && input.TimeNs >= order.EligibleNs && input.TimeNs > createdNs)
                        Fill(ref slot, ref order, long.MaxValue, input.Bar.Open, slip: true);
                    return;
                }
                // Next event: a symbol with a book fills against the book, not against bars.
                if (!_book.HasBook(order.Symbol))
                    Fill(ref slot, ref order, long.MaxValue, input.Bar.Close, slip: true);
                return;
            }
            case RecordKind.Trade:
            {
                if (_broker.Mode == FillMode.NextBarOpen && order.Limit == 0)
                    return;
                long price = input.Trade.Price;
                if (order.Limit == 0 || (buy ? price <= order.Limit : price >= order.Limit))
                    Fill(ref slot, ref order, long.MaxValue, price, slip: order.Limit == 0);
                return;
            }
            case RecordKind.BookLevel:
            {
                if (_broker.Mode == FillMode.NextBarOpen && order.Limit == 0)
                    return;
                WalkBook(ref slot, ref order, buy);
                return;
            }
        }
    }

    /// <summary>Fills against the fresh levels of the opposite side, touch first: partial fills by depth.</summary>
    private void WalkBook(ref Slot slot, ref PendingOrder order, bool buy)
    {
        int side = buy ? 1 : 0;
        for (int level = 0; level < _book.Levels && order.Remaining != 0 && slot.OutboxCount < _fillLimit; level++)
        {
            var (price, size) = _book.Level(order.Symbol, side, level);
            if (size <= 0)
                continue;
            if (order.Limit != 0 && (buy ? price > order.Limit : price < order.Limit))
                break;
            long taken = Fill(ref slot, ref order, size, price, slip: false);
            if (taken == 0)
                break;
            _book.Consume(order.Symbol, side, level, taken);
        }
    }

    /// <summary>
    /// Fills up to <paramref name="maxQuantity"/> (absolute) of the order at <paramref name="price"/> (slippage added
    /// when <paramref name="slip"/>); an order not yet sized is sized first, against that price. Returns the absolute
    /// quantity filled (0 when sizing found nothing to do; the order is then done, with a SizedToZero reject).
    /// </summary>
    private long Fill(ref Slot slot, ref PendingOrder order, long maxQuantity, long price, bool slip)
    {
        bool buy = order.Remaining > 0;
        if (slip && _slippageRate != 0)
        {
            long adjustment = FixedPoint.Multiply(price, _slippageRate);
            price = buy ? price + adjustment : Math.Max(1, price - adjustment);
        }
        if (order.Sizing != TargetKind.Quantity && !SizeAtFill(ref slot, ref order, price))
            return 0;
        long quantity = Math.Min(Math.Abs(order.Remaining), maxQuantity);
        if (!buy)
            quantity = -quantity;
        long notional = Math.Abs(FixedPoint.Multiply(quantity, price));
        long fee = Math.Max(_minFee, FixedPoint.Multiply(notional, _feeRate));
        BookFill(ref slot, ref order, quantity, price, fee);
        return Math.Abs(quantity);
    }

    /// <summary>Books a fill of <paramref name="quantity"/> (signed) in the ledger and journals its Fill record.</summary>
    private void BookFill(ref Slot slot, ref PendingOrder order, long quantity, long price, long fee)
    {
        long before = _ledger.Position(order.Book, order.Symbol);
        _ledger.ApplyFill(order.Book, order.Symbol, quantity, price, fee);
        long after = _ledger.Position(order.Book, order.Symbol);
        if (before != 0 && (after == 0 || Math.Sign(after) != Math.Sign(before)))
            _books.RoundTrips[order.Book]++;
        order.Remaining -= quantity;

        ref var r = ref slot.Append(RecordKind.Fill, SourceId.Broker, order.Symbol);
        r.Flags = _books.Sources[order.Book];
        r.Fill.OrderId = order.OrderId;
        r.Fill.Quantity = quantity;
        r.Fill.Price = price;
        r.Fill.Fee = fee;
        r.Fill.LeavesQuantity = order.Remaining;
    }

    /// <summary>A resting order: 72 bytes, hot fields first (the table is scanned and shifted).</summary>
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
        /// <summary>The outside venue's id for it, once accepted (remote venue only).</summary>
        public long VenueOrderId;
        /// <summary>A cancel has been sent to the outside venue; it stays open until the venue answers.</summary>
        public bool CancelRequested;
        /// <summary>Named open by the venue in the reconciliation under way.</summary>
        public bool Confirmed;
    }
}
