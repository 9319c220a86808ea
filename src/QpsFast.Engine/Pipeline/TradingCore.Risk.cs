using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Pipeline;

public sealed partial class TradingCore
{
    /// <summary>Risk settings converted once to raw fixed point.</summary>
    private sealed class RiskLimits(RiskSettings s)
    {
        public readonly long OrderQuantity = Raw(s.MaxOrderQuantity);
        public readonly long OrderNotional = Raw(s.MaxOrderNotional);
        public readonly long PositionNotional = Raw(s.MaxPositionNotional);
        public readonly long SymbolNotional = Raw(s.MaxSymbolNotional);
        public readonly long GrossExposure = Raw(s.MaxGrossExposure);
        public readonly long NetExposure = Raw(s.MaxNetExposure);
        public readonly long CashReserve = Raw(s.MinCashReserve);
        public readonly int OrdersPerMinute = s.MaxOrdersPerMinute;
        public readonly long DailyLoss = Raw(s.MaxDailyLoss);
        public readonly double DrawdownFraction = (double)s.MaxDrawdownFraction;

        private static long Raw(decimal v) => Money.Create(v).Raw;
    }

    private void HandleSignal(ref Slot slot, int index, long signalSequence)
    {
        ref readonly var signal = ref slot.Outbox[index];
        int book = _bookOf[signal.Source];
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
            CancelPending(ref slot, book, s, signalSequence, Outbox.Capacity - CoreReserve - SignalsAfter(ref slot, index));
            if (kind == TargetKind.Cancel)
                return;
        }
        long current = Ledger.Position(book, s) + (replaces ? 0 : PendingQuantity(book, s));
        long target = signal.Signal.TargetQuantity;
        long price = _marks[s] != 0 ? _marks[s] : signal.Signal.ReferencePrice;
        if (kind != TargetKind.Quantity)
        {
            // Risk checks an estimate: the target sized now at the current mark. The order is sized again when it
            // fills, against the fill price (OrderPayload.Sizing).
            if (price <= 0)
            {
                Reject(ref slot, book, s, 0, RejectReason.NoPrice, 0, 0, signalSequence);
                return;
            }
            target = SizeTarget(book, s, kind, target, price, signal.Signal.LotDecimals);
        }
        long delta = target - current;
        if (delta == 0)
            return;

        if (_killed)
        {
            Reject(ref slot, book, s, delta, RejectReason.KillSwitchActive, 1, 0, signalSequence);
            return;
        }
        if (price <= 0)
        {
            Reject(ref slot, book, s, delta, RejectReason.NoPrice, 0, 0, signalSequence);
            return;
        }
        bool reducing = Math.Abs(target) <= Math.Abs(current) && (target == 0 || Math.Sign(target) == Math.Sign(current));
        if (!reducing && !PassesExposureLimits(ref slot, book, s, delta, target, price, signalSequence))
            return;
        if (!PassesOrderRate(ref slot, book, s, delta, signalSequence, slot.Input.TimeNs))
            return;
        if (_pendingCount == _pending.Length)
        {
            Reject(ref slot, book, s, delta, RejectReason.TooManyPendingOrders, _pendingCount, _pending.Length, signalSequence);
            return;
        }
        if (limit == 0 && _broker.UseLimitOrders)
        {
            long offset = FixedPoint.Multiply(signal.Signal.ReferencePrice, _limitOffsetRate);
            limit = delta > 0 ? signal.Signal.ReferencePrice - offset : signal.Signal.ReferencePrice + offset;
        }
        var order = NewOrder(ref slot, book, s, delta, limit, signalSequence, kind, signal.Signal.TargetQuantity, signal.Signal.LotDecimals);
        _pending[_pendingCount++] = order;
    }

    private bool PassesExposureLimits(ref Slot slot, int book, int s, long delta, long target, long price, long parent)
    {
        var l = _limits;
        long absDelta = Math.Abs(delta);
        // Layer 1: per order.
        if (l.OrderQuantity > 0 && absDelta > l.OrderQuantity)
            return Reject(ref slot, book, s, delta, RejectReason.OrderQuantity, absDelta, l.OrderQuantity, parent);
        long orderNotional = Math.Abs(FixedPoint.Multiply(delta, price));
        if (l.OrderNotional > 0 && orderNotional > l.OrderNotional)
            return Reject(ref slot, book, s, delta, RejectReason.OrderNotional, orderNotional, l.OrderNotional, parent);
        // Layer 2: the alpha's position, and the symbol across alphas.
        long positionNotional = Math.Abs(FixedPoint.Multiply(target, price));
        if (l.PositionNotional > 0 && positionNotional > l.PositionNotional)
            return Reject(ref slot, book, s, delta, RejectReason.PositionNotional, positionNotional, l.PositionNotional, parent);
        // Exposures count open positions and orders still pending, across all alphas, at the current marks
        // (the order's symbol at the order's price).
        long symbolNow = NetPosition(s);
        long symbolAfter = symbolNow + delta;
        long symbolNotional = Math.Abs(FixedPoint.Multiply(symbolAfter, price));
        if (l.SymbolNotional > 0 && symbolNotional > l.SymbolNotional && Math.Abs(symbolAfter) > Math.Abs(symbolNow))
            return Reject(ref slot, book, s, delta, RejectReason.SymbolNotional, symbolNotional, l.SymbolNotional, parent);
        // Layer 3: portfolio.
        long gross = 0, net = 0;
        for (int i = 0; i < _symbols; i++)
        {
            long exposure = i == s ? FixedPoint.Multiply(symbolAfter, price) : FixedPoint.Multiply(NetPosition(i), _marks[i]);
            gross += Math.Abs(exposure);
            net += exposure;
        }
        if (l.GrossExposure > 0 && gross > l.GrossExposure)
            return Reject(ref slot, book, s, delta, RejectReason.GrossExposure, gross, l.GrossExposure, parent);
        if (l.NetExposure > 0 && Math.Abs(net) > l.NetExposure)
            return Reject(ref slot, book, s, delta, RejectReason.NetExposure, Math.Abs(net), l.NetExposure, parent);
        if (l.CashReserve > 0 && delta > 0)
        {
            long cash = 0;
            for (int b = 0; b < Ledger.Books; b++)
                cash += Ledger.Cash(b);
            long cashAfter = cash - orderNotional;
            if (cashAfter < l.CashReserve)
                return Reject(ref slot, book, s, delta, RejectReason.CashReserve, cashAfter, l.CashReserve, parent);
        }
        return true;
    }

    private bool PassesOrderRate(ref Slot slot, int book, int s, long delta, long parent, long now)
    {
        int max = _limits.OrdersPerMinute;
        if (max <= 0)
            return true;
        // _orderTimes is a ring of the last `max` order times: the oldest is where the next one goes.
        long oldest = _orderTimes[_orderTimeHead];
        if (oldest != long.MinValue && now - oldest < MinuteNs)
            return Reject(ref slot, book, s, delta, RejectReason.OrderRate, max + 1, max, parent);
        return true;
    }

    private bool Reject(ref Slot slot, int book, int symbol, long quantity, RejectReason reason, long value, long limit, long parent, long orderId = 0)
    {
        ref var r = ref slot.Append(RecordKind.Reject, SourceId.Risk, (ushort)symbol);
        r.Aux = (ushort)reason;
        r.Reject.OrderId = orderId;
        r.Reject.Quantity = quantity;
        r.Reject.Value = value;
        r.Reject.Limit = limit;
        r.Reject.ParentSequence = parent;
        if (book >= 0)
        {
            r.Flags = _sourceOf[book]; // the alpha whose order it was
            _rejects[book]++;
        }
        return false;
    }

    /// <summary>Returns the net position in a symbol across alphas, pending orders included (raw).</summary>
    private long NetPosition(int symbol) => Ledger.SymbolPosition(symbol) + PendingQuantity(-1, symbol);

    /// <summary>Returns the signed quantity still pending for a book (or every book when <paramref name="book"/> is −1) in a symbol.</summary>
    private long PendingQuantity(int book, int symbol)
    {
        long sum = 0;
        for (int i = 0; i < _pendingCount; i++)
        {
            ref readonly var p = ref _pending[i];
            if (p.Symbol == symbol && (book < 0 || p.Book == book))
                sum += p.Remaining;
        }
        return sum;
    }

    private void CheckSystemLimits(ref Slot slot, long baseSequence)
    {
        var l = _limits;
        if (_killed || (l.DailyLoss == 0 && l.DrawdownFraction == 0))
            return;
        long equity = TotalEquity();
        long day = slot.Input.TimeNs / (1440 * MinuteNs);
        if (day != _day)
        {
            _day = day;
            _dayStartEquity = equity;
        }
        if (equity > _peakEquity)
            _peakEquity = equity;
        if (l.DailyLoss > 0 && _dayStartEquity - equity > l.DailyLoss)
            TripKillSwitch(ref slot, RejectReason.DailyLoss, _dayStartEquity - equity, l.DailyLoss, baseSequence);
        else if (l.DrawdownFraction > 0 && equity < _peakEquity * (1 - l.DrawdownFraction))
            TripKillSwitch(ref slot, RejectReason.Drawdown, _peakEquity - equity, (long)(_peakEquity * l.DrawdownFraction), baseSequence);
    }

    /// <summary>
    /// Trips the kill switch: journals the risk event, cancels every pending order (each journaled as a reject), and
    /// sends market orders that flatten every position; the cancels and orders that do not fit in this input's outbox
    /// follow at the next inputs, in order (the cancelled orders cannot fill meanwhile). Afterwards every alpha order
    /// is rejected.
    /// </summary>
    private void TripKillSwitch(ref Slot slot, RejectReason reason, long value, long limit, long baseSequence)
    {
        _killed = true;
        int eventIndex = slot.OutboxCount;
        ref var e = ref slot.Append(RecordKind.RiskEvent, SourceId.Risk, RecordDescriptor.AllSymbols);
        e.Aux = (ushort)reason;
        e.Reject.Value = value;
        e.Reject.Limit = limit;
        e.Reject.ParentSequence = baseSequence;
        long eventSequence = baseSequence + 1 + eventIndex;
        for (int i = 0; i < _pendingCount; i++)
        {
            ref readonly var p = ref _pending[i];
            Defer(new Deferred { Kind = DeferredCancel, Reason = (ushort)RejectReason.KillSwitchActive, Book = p.Book, Symbol = p.Symbol, OrderId = p.OrderId, Quantity = p.Remaining, Parent = eventSequence });
        }
        _pendingCount = 0;
        for (int b = 0; b < Ledger.Books; b++)
        {
            for (int s = 0; s < _symbols; s++)
            {
                if (Ledger.Position(b, s) != 0)
                    Defer(new Deferred { Kind = DeferredFlatten, Book = b, Symbol = s, Parent = eventSequence });
            }
        }
    }
}
