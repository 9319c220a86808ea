using QpsFast.Engine.Broker;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Pipeline;

public sealed partial class TradingCore
{
    /// <summary>
    /// The paper broker: tries every pending order of the input's symbol, oldest first. Orders created in this slot are
    /// added after this step, so nothing ever fills on the event that created it. Fills stop at the input's fill limit
    /// (the outbox room the rest of the input needs): orders not reached stay pending for the next event.
    /// </summary>
    private void FillPending(ref Slot slot)
    {
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
        long before = Ledger.Position(order.Book, order.Symbol);
        Ledger.ApplyFill(order.Book, order.Symbol, quantity, price, fee);
        long after = Ledger.Position(order.Book, order.Symbol);
        if (before != 0 && (after == 0 || Math.Sign(after) != Math.Sign(before)))
            _roundTrips[order.Book]++;
        order.Remaining -= quantity;

        ref var r = ref slot.Append(RecordKind.Fill, SourceId.Broker, (ushort)order.Symbol);
        r.Flags = _sourceOf[order.Book];
        r.Fill.OrderId = order.OrderId;
        r.Fill.Quantity = quantity;
        r.Fill.Price = price;
        r.Fill.Fee = fee;
        r.Fill.LeavesQuantity = order.Remaining;
        return Math.Abs(quantity);
    }
}
