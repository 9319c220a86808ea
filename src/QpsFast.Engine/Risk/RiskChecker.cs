using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Risk;

/// <summary>
/// The four risk layers (docs/engine.md): per order, per position and symbol, portfolio, and the system limits whose
/// breach trips the kill switch. A rejection is a Reject record; the kill switch is a RiskEvent, and the venue then
/// cancels every pending order and flattens every position.
/// </summary>
internal sealed class RiskChecker
{
    private const long MinuteNs = 60_000_000_000;

    private readonly BookSet _books;
    private readonly SimulatedVenue _venue;
    private readonly OrderRateWindow _rate;
    // Limits converted once to raw fixed point.
    private readonly long _orderQuantity;
    private readonly long _orderNotional;
    private readonly long _positionNotional;
    private readonly long _symbolNotional;
    private readonly long _grossExposure;
    private readonly long _netExposure;
    private readonly long _cashReserve;
    private readonly long _dailyLoss;
    private readonly double _drawdownFraction;
    private long _day = long.MinValue;
    private long _dayStartEquity;
    private long _peakEquity;

    public RiskChecker(BookSet books, RiskSettings s, SimulatedVenue venue, OrderRateWindow rate)
    {
        _books = books;
        _venue = venue;
        _rate = rate;
        _orderQuantity = Raw(s.MaxOrderQuantity);
        _orderNotional = Raw(s.MaxOrderNotional);
        _positionNotional = Raw(s.MaxPositionNotional);
        _symbolNotional = Raw(s.MaxSymbolNotional);
        _grossExposure = Raw(s.MaxGrossExposure);
        _netExposure = Raw(s.MaxNetExposure);
        _cashReserve = Raw(s.MinCashReserve);
        _dailyLoss = Raw(s.MaxDailyLoss);
        _drawdownFraction = (double)s.MaxDrawdownFraction;
    }

    /// <summary>Returns whether the kill switch has tripped.</summary>
    public bool Killed { get; private set; }

    private static long Raw(decimal v) => Money.Create(v).Raw;

    /// <summary>Layers 1–3 for an order of <paramref name="delta"/> toward <paramref name="target"/> at <paramref name="price"/>: false (with the Reject journaled) when one breaks.</summary>
    public bool PassesExposureLimits(ref Slot slot, int book, int s, long delta, long target, long price, long parent)
    {
        try
        {
            return PassesExposureLimitsChecked(ref slot, book, s, delta, target, price, parent);
        }
        catch (OverflowException)
        {
            // Every sum below is checked: an order that would take one outside the fixed-point range is a journaled
            // risk event, never a wrapped number.
            return _books.Reject(ref slot, book, s, delta, RejectReason.OutOfRange, 0, 0, parent);
        }
    }

    private bool PassesExposureLimitsChecked(ref Slot slot, int book, int s, long delta, long target, long price, long parent)
    {
        checked
        {
            long absDelta = Math.Abs(delta);
            // Layer 1: per order.
            if (_orderQuantity > 0 && absDelta > _orderQuantity)
                return _books.Reject(ref slot, book, s, delta, RejectReason.OrderQuantity, absDelta, _orderQuantity, parent);
            long orderNotional = Math.Abs(FixedPoint.Multiply(delta, price));
            if (_orderNotional > 0 && orderNotional > _orderNotional)
                return _books.Reject(ref slot, book, s, delta, RejectReason.OrderNotional, orderNotional, _orderNotional, parent);
            // Layer 2: the alpha's position, and the symbol across alphas.
            long positionNotional = Math.Abs(FixedPoint.Multiply(target, price));
            if (_positionNotional > 0 && positionNotional > _positionNotional)
                return _books.Reject(ref slot, book, s, delta, RejectReason.PositionNotional, positionNotional, _positionNotional, parent);
            // Exposures count open positions and orders still pending, across all alphas, at the current marks
            // (the order's symbol at the order's price).
            long symbolNow = _venue.NetPosition(s);
            long symbolAfter = symbolNow + delta;
            long symbolNotional = Math.Abs(FixedPoint.Multiply(symbolAfter, price));
            if (_symbolNotional > 0 && symbolNotional > _symbolNotional && Math.Abs(symbolAfter) > Math.Abs(symbolNow))
                return _books.Reject(ref slot, book, s, delta, RejectReason.SymbolNotional, symbolNotional, _symbolNotional, parent);
            // Layer 3: portfolio.
            var marks = _books.Marks;
            long gross = 0, net = 0;
            for (int i = 0; i < marks.Length; i++)
            {
                long exposure = i == s ? FixedPoint.Multiply(symbolAfter, price) : FixedPoint.Multiply(_venue.NetPosition(i), marks[i]);
                gross += Math.Abs(exposure);
                net += exposure;
            }
            if (_grossExposure > 0 && gross > _grossExposure)
                return _books.Reject(ref slot, book, s, delta, RejectReason.GrossExposure, gross, _grossExposure, parent);
            if (_netExposure > 0 && Math.Abs(net) > _netExposure)
                return _books.Reject(ref slot, book, s, delta, RejectReason.NetExposure, Math.Abs(net), _netExposure, parent);
            if (_cashReserve > 0 && delta > 0)
            {
                long cash = 0;
                for (int b = 0; b < _books.Ledger.Books; b++)
                    cash += _books.Ledger.Cash(b);
                long cashAfter = cash - orderNotional;
                if (cashAfter < _cashReserve)
                    return _books.Reject(ref slot, book, s, delta, RejectReason.CashReserve, cashAfter, _cashReserve, parent);
            }
    return true;
        }
    }

    /// <summary>Layer 3's order rate: false (with the Reject journaled) when one more order now would exceed it.</summary>
    public bool PassesOrderRate(ref Slot slot, int book, int s, long delta, long parent, long now) =>
        !_rate.Full(now) || _books.Reject(ref slot, book, s, delta, RejectReason.OrderRate, _rate.Max + 1, _rate.Max, parent);

    /// <summary>Layer 4, at each bar: the loss since the UTC day's start and the drawdown from peak equity; trips the kill switch.</summary>
    public void CheckSystemLimits(ref Slot slot, long baseSequence)
    {
        if (Killed || (_dailyLoss == 0 && _drawdownFraction == 0))
            return;
        long equity = _books.TotalEquity();
        long day = slot.Input.TimeNs / (1440 * MinuteNs);
        if (day != _day)
        {
            _day = day;
            _dayStartEquity = equity;
        }
        if (equity > _peakEquity)
            _peakEquity = equity;
        if (_dailyLoss > 0 && _dayStartEquity - equity > _dailyLoss)
            TripKillSwitch(ref slot, RejectReason.DailyLoss, _dayStartEquity - equity, _dailyLoss, baseSequence);
        else if (_drawdownFraction > 0 && equity < _peakEquity * (1 - _drawdownFraction))
            TripKillSwitch(ref slot, RejectReason.Drawdown, _peakEquity - equity, (long)(_peakEquity * _drawdownFraction), baseSequence);
    }

    /// <summary>
    /// Trips the kill switch: journals the risk event; the venue cancels every pending order and flattens every
    /// position (what does not fit in this input's outbox follows at the next inputs, in order). Afterwards every alpha
    /// order is rejected.
    /// </summary>
    private void TripKillSwitch(ref Slot slot, RejectReason reason, long value, long limit, long baseSequence)
    {
        Killed = true;
        int eventIndex = slot.OutboxCount;
        ref var e = ref slot.Append(RecordKind.RiskEvent, SourceId.Risk, RecordDescriptor.AllSymbols);
        e.Aux = (ushort)reason;
        e.Reject.Value = value;
        e.Reject.Limit = limit;
        e.Reject.ParentSequence = baseSequence;
        _venue.KillAll(baseSequence + 1 + eventIndex);
    }
}
