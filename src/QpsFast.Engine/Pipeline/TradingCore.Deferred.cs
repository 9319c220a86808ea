using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;

namespace QpsFast.Engine.Pipeline;

public sealed partial class TradingCore
{
    private const byte DeferredCancel = 0;
    private const byte DeferredFlatten = 1;
    private const byte DeferredCloseAtMark = 2;

    /// <summary>
    /// Work that produces records but did not fit in its input's outbox, done at the following inputs in order: cancels
    /// (the orders are already out of the book: they cannot fill), the kill switch's flattening orders, and the
    /// session-end closes. A ring that only grows when more than its initial capacity is waiting.
    /// </summary>
    private Deferred[] _deferred;
    private int _deferredHead;
    private int _deferredCount;
    private int _fillLimit;
    private bool _ending;

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

    /// <summary>Returns whether work waits to be journaled at the next inputs (the engine feeds heartbeats at session end until it is done).</summary>
    public bool HasDeferredWork => Volatile.Read(ref _deferredCount) > 0;

    /// <summary>Records the core keeps free in every input's outbox for the marks and a kill-switch event.</summary>
    private int CoreReserve => Ledger.Books + 2;

    /// <summary>Cancels one pending order: journaled now if nothing waits and there is room, else queued behind what waits.</summary>
    private void CancelOrDefer(ref Slot slot, in PendingOrder p, RejectReason reason, long parent, int room)
    {
        if (_deferredCount == 0 && slot.OutboxCount < room)
            WriteCancel(ref slot, p.Book, p.Symbol, p.OrderId, p.Remaining, reason, parent);
        else
            Defer(new Deferred { Kind = DeferredCancel, Reason = (ushort)reason, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = parent });
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

    private void WriteCancel(ref Slot slot, int book, int symbol, long orderId, long remaining, RejectReason reason, long parent)
    {
        ref var r = ref slot.Append(RecordKind.Reject, SourceId.Risk, (ushort)symbol);
        r.Flags = _sourceOf[book];
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

    /// <summary>Does waiting work in order while the outbox has room beyond the marks' reserve.</summary>
    private void DrainDeferred(ref Slot slot)
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
                case DeferredFlatten:
                {
                    if (_pendingCount == _pending.Length)
                        return; // waits for a pending order to fill
                    long position = Ledger.Position(d.Book, d.Symbol);
                    if (position != 0)
                        _pending[_pendingCount++] = NewOrder(ref slot, d.Book, d.Symbol, -position, 0, d.Parent);
                    break;
                }
                default:
                {
                    long position = Ledger.Position(d.Book, d.Symbol);
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
