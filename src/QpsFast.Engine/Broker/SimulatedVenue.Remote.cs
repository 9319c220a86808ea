using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;

namespace QpsFast.Engine.Broker;

/// <summary>
/// The order table facing an outside venue (docs/protocol.md): orders leave through an <see cref="IOrderGateway"/>,
/// and the venue's execution reports, journaled inputs, fill and close them here. Fills are booked exactly as the
/// simulated venue's are (<see cref="BookFill"/>), so strategies cannot tell which venue they face.
/// </summary>
internal sealed partial class SimulatedVenue
{
    private IOrderGateway? _gateway;

    /// <summary>Returns whether orders go to an outside venue (fills come only from its execution reports).</summary>
    public bool IsRemote { get; private set; }

    /// <summary>Returns the open orders (read from any thread: a live session waits for them at its end).</summary>
    public int OpenOrders => Volatile.Read(ref _pendingCount);

    /// <summary>
    /// Faces an outside venue from now on: orders go to <paramref name="gateway"/> (none: replay and recovery, which
    /// read the venue's answers from the journal), and fills come only from execution reports.
    /// </summary>
    public void ConnectRemote(IOrderGateway? gateway)
    {
        IsRemote = true;
        _gateway = gateway;
    }

    /// <summary>Applies one execution report (the slot's input) to the order it names.</summary>
    public void ApplyExecution(ref Slot slot)
    {
        ref readonly var input = ref slot.Input;
        ref readonly var x = ref input.Execution;
        var type = (ExecType)input.Flags;
        if (type == ExecType.Position)
        {
            long mine = input.Symbol < _marks.Length ? _ledger.SymbolPosition(input.Symbol) : 0;
            if (mine != x.Quantity)
                Mismatch(ref slot, input.Symbol, 0, x.Quantity, mine);
            return;
        }
        if (type == ExecType.ReconcileEnd)
        {
            EndReconcile(ref slot);
            return;
        }
        int i = IndexOfOrder(x.OrderId);
        if (i < 0 || !IsRemote)
        {
            // The engine has no such open order: journal the disagreement (never book it).
            _books.Reject(ref slot, -1, input.Symbol, x.Quantity, RejectReason.UnknownExecution, (long)type, 0, input.Sequence, x.OrderId);
            return;
        }
        ref var order = ref _pending[i];
        switch (type)
        {
            case ExecType.Accepted:
                order.VenueOrderId = x.VenueOrderId;
                return;
            case ExecType.Status:
                order.Confirmed = true;
                if (order.Remaining != x.Quantity)
                {
                    Mismatch(ref slot, order.Symbol, order.OrderId, x.Quantity, order.Remaining);
                    order.Remaining = x.Quantity;
                }
                return;
            case ExecType.PartialFill or ExecType.Fill:
            {
                long before = order.Remaining;
                BookFill(ref slot, ref order, x.Quantity, x.Price, x.Fee);
                // The venue's word ends the order: a full fill, nothing left, or more filled than was asked.
                if (type == ExecType.Fill || order.Remaining == 0 || Math.Sign(order.Remaining) != Math.Sign(before))
                    RemoveAt(i);
                return;
            }
            case ExecType.Cancelled:
                WriteCancel(ref slot, order.Book, order.Symbol, order.OrderId, order.Remaining,
                    order.CancelRequested && input.Aux == 0 ? RejectReason.Cancelled : RejectReason.VenueCancelled, input.Sequence);
                RemoveAt(i);
                return;
            case ExecType.Rejected:
                _books.Reject(ref slot, order.Book, order.Symbol, order.Remaining, RejectReason.VenueRejected, input.Aux, 0, order.Parent, order.OrderId);
                RemoveAt(i);
                return;
            default:
                _books.Reject(ref slot, order.Book, order.Symbol, x.Quantity, RejectReason.UnknownExecution, (long)type, 0, input.Sequence, x.OrderId);
                return;
        }
    }

    /// <summary>
    /// Journals a request to cancel an open order (the order stays open until the venue answers) and hands it to the
    /// gateway, when the core sends directly.
    /// </summary>
    private void WriteCancelRequest(ref Slot slot, int book, int symbol, long orderId, long remaining, long parent)
    {
        ref var r = ref slot.Append(RecordKind.CancelRequest, SourceId.Risk, (ushort)symbol);
        r.Flags = _books.Sources[book];
        r.Reject.OrderId = orderId;
        r.Reject.Quantity = remaining;
        r.Reject.ParentSequence = parent;
        _gateway?.CancelOrder(orderId, symbol, slot.Input.TimeNs);
    }

    private long _reconnectFloor;

    /// <summary>The session logged on again at this input: orders made from here on reached the venue after its reconciliation's snapshot.</summary>
    public void MarkReconnect() => _reconnectFloor = _nextOrderId + 1;

    /// <summary>
    /// Closes every open order made before the last reconnect that no Status named: the venue does not have it. Orders
    /// made after the reconnect went to the venue after its snapshot, so its silence says nothing about them.
    /// </summary>
    private void EndReconcile(ref Slot slot)
    {
        int kept = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            ref var p = ref _pending[i];
            if (!p.Confirmed && p.OrderId < _reconnectFloor)
            {
                // One record each; the rest of a long list waits for the room of the next inputs like any cancel.
                CancelOrDefer(ref slot, in p, RejectReason.NotAtVenue, slot.Input.Sequence, Outbox.Capacity - CoreReserve);
                continue;
            }
            p.Confirmed = false;
            _pending[kept++] = p;
        }
        Volatile.Write(ref _pendingCount, kept);
    }

    private void Mismatch(ref Slot slot, int symbol, long orderId, long venue, long engine)
    {
        ref var r = ref slot.Append(RecordKind.RiskEvent, SourceId.Broker, (ushort)symbol);
        r.Aux = (ushort)RejectReason.ReconcileMismatch;
        r.Reject.OrderId = orderId;
        r.Reject.Value = venue;
        r.Reject.Limit = engine;
        r.Reject.ParentSequence = slot.Input.Sequence;
        Mismatches++;
    }

    /// <summary>Returns how many reconciliation mismatches the core has journaled (a live session stops on one).</summary>
    public int Mismatches { get; private set; }

    private bool HasOpenOrders(int book, int symbol)
    {
        for (int i = 0; i < _pendingCount; i++)
        {
            if (_pending[i].Book == book && _pending[i].Symbol == symbol)
                return true;
        }
        return false;
    }

    private int IndexOfOrder(long orderId)
    {
        for (int i = 0; i < _pendingCount; i++)
        {
            if (_pending[i].OrderId == orderId)
                return i;
        }
        return -1;
    }

    private void RemoveAt(int i)
    {
        Array.Copy(_pending, i + 1, _pending, i, _pendingCount - i - 1);
        Volatile.Write(ref _pendingCount, _pendingCount - 1);
    }
}
