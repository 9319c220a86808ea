using QpsFast.Engine.Broker;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Pipeline;

public sealed partial class TradingCore
{
    /// <summary>
    /// The paper broker: tries every pending order of the input's symbol, oldest first. Orders created in this slot are
    /// added after this step, so nothing ever fills on the event that created it.
    /// </summary>
    private void FillPending(ref Slot slot)
    {
        ref readonly var input = ref slot.Input;
        int i = 0;
        while (i < _pendingCount)
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
                        Fill(ref slot, ref order, order.Remaining, Math.Min(order.Limit, input.Bar.Open), slip: false);
                    else if (!buy && input.Bar.High > order.Limit)
                        Fill(ref slot, ref order, order.Remaining, Math.Max(order.Limit, input.Bar.Open), slip: false);
                    return;
                }
                if (_broker.Mode == FillMode.NextBarOpen)
                {
                    long openTime = input.TimeNs - input.Aux * MinuteNs;
                    if (openTime >= order.EligibleNs)
                        Fill(ref slot, ref order, order.Remaining, input.Bar.Open, slip: true);
                    return;
                }
                // Next event: a symbol with a book fills against the book, not against bars.
                if (!_book.HasBook(order.Symbol))
                    Fill(ref slot, ref order, order.Remaining, input.Bar.Close, slip: true);
                return;
            }
            case RecordKind.Trade:
            {
                if (_broker.Mode == FillMode.NextBarOpen && order.Limit == 0)
                    return;
                long price = input.Trade.Price;
                if (order.Limit == 0 || (buy ? price <= order.Limit : price >= order.Limit))
                    Fill(ref slot, ref order, order.Remaining, price, slip: order.Limit == 0);
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
        for (int level = 0; level < _book.Levels && order.Remaining != 0; level++)
        {
            var (price, size) = _book.Level(order.Symbol, side, level);
            if (size <= 0)
                continue;
            if (order.Limit != 0 && (buy ? price > order.Limit : price < order.Limit))
                break;
            long take = Math.Min(Math.Abs(order.Remaining), size);
            _book.Consume(order.Symbol, side, level, take);
            Fill(ref slot, ref order, buy ? take : -take, price, slip: false);
        }
    }

    private void Fill(ref Slot slot, ref PendingOrder order, long quantity, long price, bool slip)
    {
        if (slip && _slippageRate != 0)
        {
            long adjustment = FixedPoint.Multiply(price, _slippageRate);
            price = quantity > 0 ? price + adjustment : Math.Max(1, price - adjustment);
        }
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
    }
}
