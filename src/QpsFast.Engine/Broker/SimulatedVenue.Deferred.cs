using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;

namespace QpsFast.Engine.Broker;

internal sealed partial class SimulatedVenue
{
    private const byte DeferredCancel = 0;
    private const byte DeferredFlatten = 1;
    private const byte DeferredCloseAtMark = 2;
    private const byte DeferredCancelRequest = 3;

    private readonly bool[] _flattenAtEnd;

    /// <summary>
    /// Work that produces records but did not fit in its input's outbox, done at the following inputs in order: cancels
    /// (the orders are already out of the book: they cannot fill), the kill switch's flattening orders, and the
    /// session-end closes. A ring that only grows when more than its initial capacity is waiting.
    /// </summary>
    private Deferred[] _deferred;
    private int _deferredHead;
    private int _deferredCount;

    private struct Deferred
    {
        public byte Kind;
        public ushort Reason;
        public int Book;
        public int Symbol;
        public long OrderId;
        public long Quantity;
        public long Parent;
    }

    /// <summary>Returns whether some book closes its positions at session end.</summary>
    public bool FlattensAtSessionEnd { get; }

    /// <summary>Returns whether work waits to be journaled at the next inputs (read by the feed thread after a drain).</summary>
    public bool HasDeferredWork => Volatile.Read(ref _deferredCount) > 0;

    /// <summary>
    /// The kill switch: every pending order leaves the book at once, each cancel journaled (reason KillSwitchActive),
    /// and every position gets a market order that flattens it; both in order, as the outboxes have room.
    /// </summary>
    public void KillAll(long parent)
    {
        for (int i = 0; i < _pendingCount && IsRemote; i++)
        {
            ref var p = ref _pending[i];
            if (p.CancelRequested)
                continue;
            p.CancelRequested = true;
            Defer(new Deferred { Kind = DeferredCancelRequest, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = parent });
        }
        for (int i = 0; i < _pendingCount && !IsRemote; i++)
        {
            ref readonly var p = ref _pending[i];
            Defer(new Deferred { Kind = DeferredCancel, Reason = (ushort)RejectReason.KillSwitchActive, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = parent });
        }
        if (!IsRemote)
            _pendingCount = 0;
        for (int b = 0; b < _ledger.Books; b++)
        {
            for (int s = 0; s < _marks.Length; s++)
            {
                if (_ledger.Position(b, s) != 0 || (IsRemote && HasOpenOrders(b, s)))
                    Defer(new Deferred { Kind = DeferredFlatten, Book = b, Symbol = s, Parent = parent });
            }
        }
    }

    /// <summary>
    /// At session end, for each book that asks for it: cancels its pending orders and closes every position with a
    /// market order filled at once at the symbol's last mark (slippage and fees as any market fill), before the final
    /// marks. What does not fit in the outbox is done at the continuation heartbeats the engine publishes after it.
    /// </summary>
    public void FlattenAtSessionEnd(ref Slot slot, long parent)
    {
        for (int b = 0; b < _ledger.Books; b++)
        {
            if (!_flattenAtEnd[b])
                continue;
            CancelPending(ref slot, b, -1, parent, Outbox.Capacity - CoreReserve);
            for (int s = 0; s < _marks.Length; s++)
            {
                // A simulated venue closes at the last marks; an outside venue gets market orders, once the cancels of
                // the book's open orders there are answered (an order may fill before its cancel arrives).
                if (_ledger.Position(b, s) != 0 || (IsRemote && HasOpenOrders(b, s)))
                    Defer(new Deferred { Kind = IsRemote ? DeferredFlatten : DeferredCloseAtMark, Book = b, Symbol = s, Parent = parent });
            }
        }
    }

    /// <summary>Cancels one pending order: journaled now if nothing waits and there is room, else queued behind what waits.</summary>
    private void CancelOrDefer(ref Slot slot, in PendingOrder p, RejectReason reason, long parent, int room)
    {
        if (_deferredCount == 0 && slot.OutboxCount < room)
            WriteCancel(ref slot, p.Book, p.Symbol, p.OrderId, p.Remaining, reason, parent);
        else
            Defer(new Deferred { Kind = DeferredCancel, Reason = (ushort)reason, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = parent });
    }

    private void WriteCancel(ref Slot slot, int book, int symbol, long orderId, long remaining, RejectReason reason, long parent)
    {
        ref var r = ref slot.Append(RecordKind.Reject, SourceId.Risk, (ushort)symbol);
        r.Flags = _books.Sources[book];
        r.Aux = (ushort)reason;
        r.Reject.OrderId = orderId;
        r.Reject.Quantity = remaining;
        r.Reject.ParentSequence = parent;
    }

    private void Defer(Deferred item)
    {
        if (_deferredCount == _deferred.Length)
        {
            var bigger = new Deferred[_deferred.Length * 2];
            for (int i = 0; i < _deferredCount; i++)
                bigger[i] = _deferred[(_deferredHead + i) % _deferred.Length];
            _deferred = bigger;
            _deferredHead = 0;
        }
        _deferred[(_deferredHead + _deferredCount) % _deferred.Length] = item;
        _deferredCount++;
    }

    /// <summary>Does waiting work in order while the outbox has room beyond the core's reserve.</summary>
    public void DrainDeferred(ref Slot slot)
    {
        int limit = Outbox.Capacity - CoreReserve;
        while (_deferredCount > 0)
        {
            ref var d = ref _deferred[_deferredHead];
            int needs = d.Kind == DeferredCloseAtMark ? 2 : 1;
            if (slot.OutboxCount + needs > limit)
                return;
            switch (d.Kind)
            {
                case DeferredCancel:
                    WriteCancel(ref slot, d.Book, d.Symbol, d.OrderId, d.Quantity, (RejectReason)d.Reason, d.Parent);
                    break;
                case DeferredCancelRequest:
                    WriteCancelRequest(ref slot, d.Book, d.Symbol, d.OrderId, d.Quantity, d.Parent);
                    break;
                case DeferredFlatten:
                {
                    if (IsFull || (IsRemote && HasOpenOrders(d.Book, d.Symbol)))
                        return; // waits for a pending order to fill, or for the venue to answer its cancels
                    long position = _ledger.Position(d.Book, d.Symbol);
                    if (position != 0)
                        Send(ref slot, d.Book, d.Symbol, -position, 0, d.Parent);
                    break;
                }
                default:
                {
                    long position = _ledger.Position(d.Book, d.Symbol);
                    if (position != 0 && _marks[d.Symbol] > 0)
                    {
                        var order = NewOrder(ref slot, d.Book, d.Symbol, -position, 0, d.Parent);
                        Fill(ref slot, ref order, long.MaxValue, _marks[d.Symbol], slip: true);
                    }
                    break;
                }
            }
            _deferredHead = (_deferredHead + 1) % _deferred.Length;
            Volatile.Write(ref _deferredCount, _deferredCount - 1);
        }
    }
}
