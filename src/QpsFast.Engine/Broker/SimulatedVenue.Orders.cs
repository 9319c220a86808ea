using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Broker;

internal sealed partial class SimulatedVenue
{
    /// <summary>Returns whether the pending-order table is full.</summary>
    public bool IsFull => _pendingCount == _pending.Length;

    /// <summary>Returns the table's size and capacity (for the TooManyPendingOrders reject).</summary>
    public (int Count, int Capacity) Table => (_pendingCount, _pending.Length);

    /// <summary>Returns the limit price the broker's own policy gives an order of <paramref name="delta"/> at <paramref name="reference"/> (<c>useLimitOrders</c>), or 0.</summary>
    public long PolicyLimit(long delta, long reference)
    {
        if (!_broker.UseLimitOrders)
            return 0;
        long offset = FixedPoint.Multiply(reference, _limitOffsetRate);
        return delta > 0 ? reference - offset : reference + offset;
    }

    /// <summary>
    /// Journals a new order (an Order record flagged with the book's alpha), records its time for the order-rate limit,
    /// and puts it in the pending table (the caller checked it has room).
    /// </summary>
    public void Send(ref Slot slot, int book, int symbol, long quantity, long limit, long parent,
        TargetKind sizing = TargetKind.Quantity, long amount = 0, byte lotDecimals = 0)
    {
        if (!IsRemote)
        {
            _pending[_pendingCount++] = NewOrder(ref slot, book, symbol, quantity, limit, parent, sizing, amount, lotDecimals);
            return;
        }
        // An outside venue takes quantities: a value or percent target goes out as risk sized it, at the current mark.
        var order = NewOrder(ref slot, book, symbol, quantity, limit, parent);
        _pending[_pendingCount] = order;
        Volatile.Write(ref _pendingCount, _pendingCount + 1);
        _gateway?.SendOrder(order.OrderId, symbol, quantity, limit, slot.Input.TimeNs);
    }

    private PendingOrder NewOrder(ref Slot slot, int book, int symbol, long quantity, long limit, long parent,
        TargetKind sizing = TargetKind.Quantity, long amount = 0, byte lotDecimals = 0)
    {
        long id = ++_nextOrderId;
        ref var r = ref slot.Append(RecordKind.Order, SourceId.Risk, (ushort)symbol);
        r.Flags = _books.Sources[book]; // the alpha whose book the order belongs to
        r.Order.OrderId = id;
        r.Order.Quantity = quantity;
        r.Order.LimitPrice = limit;
        r.Order.ParentSequence = parent;
        r.Order.Type = limit == 0 ? (byte)0 : (byte)1;
        r.Order.Sizing = sizing;
        _books.Orders[book]++;
        _rate.Record(slot.Input.TimeNs);
        return new PendingOrder
        {
            OrderId = id,
            Book = (ushort)book,
            Symbol = (ushort)symbol,
            Remaining = quantity,
            Limit = limit,
            EligibleNs = slot.Input.TimeNs + _broker.LatencyNs,
            Parent = parent,
            Sizing = sizing,
            Amount = amount,
            LotDecimals = lotDecimals,
        };
    }

    /// <summary>
    /// Cancels a book's pending orders in a symbol (every symbol when <paramref name="symbol"/> is −1), oldest first:
    /// they leave the book at once; each is journaled as a Reject with reason Cancelled, its order id and the quantity
    /// it had left, in this input's outbox while it stays below <paramref name="room"/>, else at the following inputs.
    /// </summary>
    public void CancelPending(ref Slot slot, int book, int symbol, long parent, int room)
    {
        int kept = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            ref readonly var p = ref _pending[i];
            if (p.Book == book && (symbol < 0 || p.Symbol == symbol))
            {
                if (IsRemote)
                {
                    // The venue answers with a Cancelled (or a Fill that got there first); the order stays open until then.
                    if (!p.CancelRequested)
                    {
                        _pending[i].CancelRequested = true;
                        if (_deferredCount == 0 && slot.OutboxCount < room)
                            WriteCancelRequest(ref slot, p.Book, p.Symbol, p.OrderId, p.Remaining, parent);
                        else
                            Defer(new Deferred { Kind = DeferredCancelRequest, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = parent });
                    }
                    if (kept != i)
                        _pending[kept] = _pending[i];
                    kept++;
                    continue;
                }
                CancelOrDefer(ref slot, in p, RejectReason.Cancelled, parent, room);
                continue;
            }
            if (kept != i)
                _pending[kept] = _pending[i];
            kept++;
        }
        _pendingCount = kept;
    }

    /// <summary>
    /// Returns the position (signed raw quantity) that a value or percent target means at <paramref name="price"/>:
    /// money, or the fraction of the book's equity valued at that price for the symbol, such that the position's value
    /// plus the fee of buying it all fits in it; rounded toward zero to 10^-lotDecimals units.
    /// </summary>
    public long SizeTarget(int book, int symbol, TargetKind kind, long amount, long price, byte lotDecimals)
    {
        long budget = kind == TargetKind.Value ? amount : FixedPoint.Multiply(amount, EquityAt(book, symbol, price));
        if (budget == 0 || price <= 0)
            return 0;
        long abs = Math.Abs(budget);
        long quantity = FixedPoint.DivideTruncating(abs, price + FixedPoint.Multiply(price, _feeRate));
        if (_minFee > 0 && quantity != 0 && FixedPoint.Multiply(FixedPoint.Multiply(quantity, price), _feeRate) < _minFee)
            quantity = abs > _minFee ? FixedPoint.DivideTruncating(abs - _minFee, price) : 0;
        long lot = LotRaw(lotDecimals);
        quantity -= quantity % lot;
        return budget < 0 ? -quantity : quantity;
    }

    private static long LotRaw(byte lotDecimals)
    {
        long lot = FixedPoint.Scale;
        for (int d = 0; d < lotDecimals && lot > 1; d++)
            lot /= 10;
        return lot;
    }

    /// <summary>Returns a book's equity with <paramref name="symbol"/> valued at <paramref name="price"/> and the others at their marks.</summary>
    private long EquityAt(int book, int symbol, long price)
    {
        long position = _ledger.Position(book, symbol);
        long equity = _ledger.Equity(book, _marks);
        if (position != 0)
            equity += FixedPoint.Multiply(position, price) - FixedPoint.Multiply(position, _marks[symbol]);
        return equity;
    }

    /// <summary>
    /// Sizes a value or percent order at its first fill, against the fill price: the target minus the book's position
    /// then. An order whose size comes to nothing, or to the other side than risk's estimate, is done: a SizedToZero
    /// reject is journaled and false returned.
    /// </summary>
    private bool SizeAtFill(ref Slot slot, ref PendingOrder order, long price)
    {
        long target = SizeTarget(order.Book, order.Symbol, order.Sizing, order.Amount, price, order.LotDecimals);
        long delta = target - _ledger.Position(order.Book, order.Symbol);
        if (delta == 0 || Math.Sign(delta) != Math.Sign(order.Remaining))
        {
            _books.Reject(ref slot, order.Book, order.Symbol, order.Remaining, RejectReason.SizedToZero, delta, 0, order.Parent, order.OrderId);
            order.Remaining = 0;
            return false;
        }
        order.Remaining = delta;
        order.Sizing = TargetKind.Quantity;
        return true;
    }

    /// <summary>Returns the signed quantity still pending for a book (or every book when <paramref name="book"/> is −1) in a symbol.</summary>
    public long PendingQuantity(int book, int symbol)
    {
        long sum = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            ref readonly var p = ref _pending[i];
            if (p.Symbol == symbol && (book < 0 || p.Book == book) && !p.CancelRequested)
                sum += p.Remaining;
        }
        return sum;
    }

    /// <summary>Returns the net position in a symbol across books, pending orders included (raw).</summary>
    public long NetPosition(int symbol) => _ledger.SymbolPosition(symbol) + PendingQuantity(-1, symbol);

    /// <summary>Returns how many of a book's orders are pending.</summary>
    public int PendingCountOf(int book)
    {
        int n = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            if (_pending[i].Book == book && !_pending[i].CancelRequested)
                n++;
        }
        return n;
    }

    /// <summary>Returns a book's <paramref name="index"/>-th pending order, oldest first.</summary>
    public PendingOrderInfo PendingOrderOf(int book, int index)
    {
        for (int i = 0; i < _pendingCount; i++)
        {
            ref readonly var p = ref _pending[i];
            if (p.Book == book && !p.CancelRequested && index-- == 0)
                return new(p.OrderId, p.Symbol, p.Remaining, p.Limit, p.Sizing);
        }
        throw new ArgumentOutOfRangeException(nameof(index), "no such pending order");
    }
}
