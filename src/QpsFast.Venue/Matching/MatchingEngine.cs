using QpsFast.Engine.Broker;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Matching;

/// <summary>
/// The venue's matching (docs/protocol.md): a displayed L2 book per symbol from the market data, and the client's
/// orders against it with price-time priority. A marketable order takes displayed levels, touch first (what it takes
/// stays taken until the data refreshes the level); a limit order that rests joins the back of its price level, with
/// the displayed size there ahead of it. A resting order fills only from volume that trades: a trade at its price first
/// works off the queue ahead of it, a trade or bar through its price fills it at its own price; the fills of one trade
/// or bar never exceed its volume. Single-threaded: the venue's one thread calls everything.
/// </summary>
public sealed class MatchingEngine
{
    private readonly int _symbols;
    private readonly PaperBook _book;
    private readonly VenueSettings _settings;
    private readonly long _feeRate;
    private readonly long _minFee;
    private readonly long[] _last;
    private readonly long[] _positions;
    private readonly VenueOrder[] _open;
    private ExecutionReport[] _reports = new ExecutionReport[256];
    private int _openCount;
    private int _reportCount;
    private long _nextVenueId;
    private long _highestClientId;

    /// <summary>Creates the engine for <paramref name="symbols"/> symbols.</summary>
    public MatchingEngine(int symbols, VenueSettings settings)
    {
        _symbols = symbols;
        _settings = settings;
        _book = new PaperBook(symbols, settings.BookLevels);
        _feeRate = settings.FeeRateRaw;
        _minFee = settings.MinFeeRaw;
        _last = new long[symbols];
        _positions = new long[symbols];
        _open = new VenueOrder[settings.MaxOpenOrders];
    }

    /// <summary>Returns the venue clock: the time of the last market record applied.</summary>
    public long TimeNs { get; private set; }

    /// <summary>Returns whether the data has ended: market orders then fill at the last price, nothing new rests.</summary>
    public bool Closed { get; private set; }

    /// <summary>Returns the open orders.</summary>
    public int OpenOrders => _openCount;

    /// <summary>Returns the venue's record of the client's position in a symbol (signed raw: the sum of its fills).</summary>
    public long Position(int symbol) => _positions[symbol];

    /// <summary>Returns an open order's place in its queue: the displayed quantity still ahead of it (tests, reconciliation).</summary>
    public long QueueAhead(long clientOrderId)
    {
        int i = IndexOf(clientOrderId);
        return i < 0 ? -1 : _open[i].Ahead;
    }

    /// <summary>Returns the reports made since the last call, and forgets them.</summary>
    public ReadOnlySpan<ExecutionReport> TakeReports()
    {
        var r = _reports.AsSpan(0, _reportCount);
        _reportCount = 0;
        return r;
    }

    /// <summary>Takes a new order from the client.</summary>
    public void Submit(long clientOrderId, int symbol, long quantity, long limit)
    {
        VenueRejectReason reason =
            symbol < 0 || symbol >= _symbols ? VenueRejectReason.UnknownSymbol :
            quantity == 0 || quantity == long.MinValue ? VenueRejectReason.ZeroQuantity :
            limit < 0 ? VenueRejectReason.BadPrice :
            clientOrderId <= _highestClientId ? VenueRejectReason.DuplicateOrderId :
            _openCount == _open.Length ? VenueRejectReason.VenueFull :
            Closed && limit != 0 ? VenueRejectReason.SessionClosed :
            limit == 0 && _last[symbol] == 0 && !HasOpposite(symbol, quantity > 0) ? VenueRejectReason.NoMarket :
            VenueRejectReason.None;
        if (reason != VenueRejectReason.None)
        {
            Report(new ExecutionReport { OrderId = clientOrderId, Symbol = symbol, Type = ExecType.Rejected, Reason = (ushort)reason, Quantity = quantity, Price = limit });
            return;
        }
        _highestClientId = clientOrderId;
        var order = new VenueOrder { ClientId = clientOrderId, VenueId = ++_nextVenueId, Symbol = symbol, Remaining = quantity, Limit = limit };
        Report(new ExecutionReport { OrderId = clientOrderId, VenueOrderId = order.VenueId, Symbol = symbol, Type = ExecType.Accepted, Quantity = quantity, Price = limit, Leaves = quantity });
        TakeLiquidity(ref order);
        if (order.Remaining != 0 && limit == 0 && Closed)
            FillAt(ref order, Math.Abs(order.Remaining), _last[symbol]);
        if (order.Remaining == 0)
            return;
        if (limit != 0)
            order.Ahead = DisplayedAt(symbol, order.Remaining > 0 ? 0 : 1, limit);
        _open[_openCount++] = order;
    }

    /// <summary>Cancels an open order; a cancel for an order no longer open is ignored (the report that closed it is on its way).</summary>
    public void Cancel(long clientOrderId, bool unsolicited = false)
    {
        int i = IndexOf(clientOrderId);
        if (i < 0)
            return;
        ref var o = ref _open[i];
        Report(new ExecutionReport { OrderId = o.ClientId, VenueOrderId = o.VenueId, Symbol = o.Symbol, Type = ExecType.Cancelled, Reason = unsolicited ? (ushort)1 : (ushort)0, Quantity = o.Remaining });
        RemoveAt(i);
    }

    /// <summary>
    /// Reports what the venue holds for the client, after a reconnect: a Status per open order, a Position per symbol,
    /// then ReconcileEnd (its quantity: the open orders).
    /// </summary>
    public void Reconcile()
    {
        for (int i = 0; i < _openCount; i++)
        {
            ref readonly var o = ref _open[i];
            Report(new ExecutionReport { OrderId = o.ClientId, VenueOrderId = o.VenueId, Symbol = o.Symbol, Type = ExecType.Status, Quantity = o.Remaining, Price = o.Limit, Leaves = o.Remaining });
        }
        for (int s = 0; s < _symbols; s++)
            Report(new ExecutionReport { Symbol = s, Type = ExecType.Position, Quantity = _positions[s] });
        Report(new ExecutionReport { Type = ExecType.ReconcileEnd, Quantity = _openCount });
    }

    /// <summary>Cancels every open order (the client logged out or disconnected).</summary>
    public void CancelAll()
    {
        while (_openCount > 0)
            Cancel(_open[0].ClientId, unsolicited: true);
    }

    /// <summary>Ends the data: open market orders fill at the last prices; later market orders do too.</summary>
    public void Close()
    {
        Closed = true;
        for (int i = 0; i < _openCount; i++)
        {
            ref var o = ref _open[i];
            if (o.Limit == 0 && _last[o.Symbol] > 0)
                FillAt(ref o, Math.Abs(o.Remaining), _last[o.Symbol]);
        }
        Compact();
    }

    /// <summary>Applies one market record: updates the book and the last price, and fills what the record allows.</summary>
    public void Apply(in Record r)
    {
        int s = r.Symbol;
        if (s >= _symbols)
            return;
        TimeNs = Math.Max(TimeNs, r.TimeNs);
        switch (r.Kind)
        {
            case RecordKind.BookLevel:
                _book.Update(s, r.Book.Side, r.Book.Level, r.Book.Price, r.Book.Size);
                for (int i = 0; i < _openCount; i++)
                {
                    ref var o = ref _open[i];
                    if (o.Symbol != s)
                        continue;
                    // Displayed size at the order's price can only shrink the queue ahead of it.
                    if (o.Limit == r.Book.Price && (o.Remaining > 0 ? 0 : 1) == r.Book.Side)
                        o.Ahead = Math.Min(o.Ahead, r.Book.Size);
                    TakeLiquidity(ref o);
                }
                break;
            case RecordKind.Trade:
                _last[s] = r.Trade.Price;
                FillFromVolume(s, r.Trade.Size, r.Trade.Price, r.Trade.Price, r.Trade.Price, isTrade: true);
                break;
            case RecordKind.Bar:
                _last[s] = r.Bar.Close;
                FillFromVolume(s, r.Bar.Volume, r.Bar.Open, r.Bar.Low, r.Bar.High, isTrade: false);
                break;
        }
        Compact();
    }

    /// <summary>
    /// Volume that traded (a trade, or a bar's range): market orders fill at <paramref name="open"/>; a buy limit above
    /// <paramref name="low"/> (a sell below <paramref name="high"/>) was traded through and fills at its own price (or the
    /// open, if better); a trade at exactly an order's price first works off the queue ahead of it. The fills of one
    /// record never exceed its volume.
    /// </summary>
    private void FillFromVolume(int s, long volume, long open, long low, long high, bool isTrade)
    {
        long used = 0;
        for (int i = 0; i < _openCount && used < volume; i++)
        {
            ref var o = ref _open[i];
            if (o.Symbol != s || o.Remaining == 0)
                continue;
            long available = volume - used;
            bool buy = o.Remaining > 0;
            long want = Math.Abs(o.Remaining);
            if (o.Limit == 0)
            {
                used += FillAt(ref o, Math.Min(want, available), open);
            }
            else if (buy ? o.Limit > low : o.Limit < high)
            {
                used += FillAt(ref o, Math.Min(want, available), buy ? Math.Min(o.Limit, open) : Math.Max(o.Limit, open));
            }
            else if (isTrade && o.Limit == open)
            {
                // A trade at the order's price: the queue ahead of it goes first; only the rest reaches it.
                long worked = Math.Min(o.Ahead, available);
                o.Ahead -= worked;
                if (o.Ahead == 0)
                    used += FillAt(ref o, Math.Min(want, available - worked), o.Limit);
            }
        }
    }

    /// <summary>A marketable order takes the displayed opposite levels it may, touch first.</summary>
    private void TakeLiquidity(ref VenueOrder o)
    {
        if (o.Remaining == 0)
            return;
        bool buy = o.Remaining > 0;
        int side = buy ? 1 : 0;
        for (int level = 0; level < _book.Levels && o.Remaining != 0; level++)
        {
            var (price, size) = _book.Level(o.Symbol, side, level);
            if (size <= 0)
                continue;
            if (o.Limit != 0 && (buy ? price > o.Limit : price < o.Limit))
                break;
            long taken = FillAt(ref o, Math.Min(size, Math.Abs(o.Remaining)), price);
            _book.Consume(o.Symbol, side, level, taken);
        }
    }

    private bool HasOpposite(int symbol, bool buy) => _book.Level(symbol, buy ? 1 : 0, 0).Size > 0;

    private long DisplayedAt(int symbol, int side, long price)
    {
        for (int level = 0; level < _book.Levels; level++)
        {
            var (p, size) = _book.Level(symbol, side, level);
            if (p == price && size > 0)
                return size;
        }
        return 0;
    }

    /// <summary>Fills <paramref name="quantity"/> (absolute) of the order at <paramref name="price"/>; returns it.</summary>
    private long FillAt(ref VenueOrder o, long quantity, long price)
    {
        if (quantity <= 0 || price <= 0)
            return 0;
        long signed = o.Remaining > 0 ? quantity : -quantity;
        o.Remaining -= signed;
        long fee = Math.Max(_minFee, FixedPoint.Multiply(Math.Abs(FixedPoint.Multiply(signed, price)), _feeRate));
        _positions[o.Symbol] += signed;
        Report(new ExecutionReport
        {
            OrderId = o.ClientId, VenueOrderId = o.VenueId, Symbol = o.Symbol, Type = o.Remaining == 0 ? ExecType.Fill : ExecType.PartialFill,
            Quantity = signed, Price = price, Fee = fee, Leaves = o.Remaining,
        });
        return quantity;
    }

    private void Report(ExecutionReport x)
    {
        x.VenueTimeNs = TimeNs;
        if (_reportCount == _reports.Length)
            Array.Resize(ref _reports, _reports.Length * 2);
        _reports[_reportCount++] = x;
    }

    private int IndexOf(long clientOrderId)
    {
        for (int i = 0; i < _openCount; i++)
        {
            if (_open[i].ClientId == clientOrderId)
                return i;
        }
        return -1;
    }

    private void RemoveAt(int i)
    {
        Array.Copy(_open, i + 1, _open, i, _openCount - i - 1);
        _openCount--;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _openCount; i++)
        {
            if (_open[i].Remaining != 0)
                _open[kept++] = _open[i];
        }
        _openCount = kept;
    }

    private struct VenueOrder
    {
        public long ClientId;
        public long VenueId;
        public int Symbol;
        public long Remaining;
        public long Limit;
        public long Ahead;
    }
}
