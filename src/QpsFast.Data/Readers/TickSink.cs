using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Collects tick-level rows of a source (trades, quotes, incremental book levels) of one or more symbols into
/// records: symbols numbered by first appearance, level-0 emitters for quotes, N-level emitters for snapshots, a full
/// book per symbol for increments. Kinds: trades, quotes, book (increments), snapshot.
/// </summary>
internal sealed class TickSink(string kind, int levels, string defaultSymbol)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal); // lookups only
    private readonly List<BookLevelEmitter> _emitters = [];
    private readonly List<IncrementalBook> _books = [];
    private readonly List<bool> _inSnapshot = [];
    private readonly long[] _prices = new long[2];
    private readonly long[] _sizes = new long[2];
    private readonly List<string> _symbols = [];
    private readonly List<Record> _records = [];
    private (int Symbol, long Time) _pending = (-1, 0);

    public int Id(string name)
    {
        if (_ids.TryGetValue(name, out int id))
            return id;
        id = _symbols.Count;
        _ids.Add(name, id);
        _symbols.Add(name);
        _emitters.Add(new BookLevelEmitter(kind == "snapshot" ? levels : 1));
        _books.Add(kind == "book" ? new IncrementalBook(levels) : null!);
        _inSnapshot.Add(false);
        return id;
    }

    public void Trade(long time, int symbol, long price, long size, byte aggressor)
    {
        Ensure(symbol);
        _records.Add(new Record { TimeNs = time, Symbol = (ushort)symbol, Kind = RecordKind.Trade, Trade = new TradePayload { Price = price, Size = size, Aggressor = aggressor } });
    }

    public void Quote(long time, int symbol, long bid, long bidSize, long ask, long askSize)
    {
        Ensure(symbol);
        (_prices[0], _sizes[0], _prices[1], _sizes[1]) = (bid, bidSize, ask, askSize);
        _emitters[symbol].Emit(time, _prices, _sizes, _records, symbol);
    }

    /// <summary>A book snapshot of <c>levels</c> a side, indexed [side * levels + level]; only changed levels are emitted.</summary>
    public void Snapshot(long time, int symbol, ReadOnlySpan<long> prices, ReadOnlySpan<long> sizes)
    {
        Ensure(symbol);
        _emitters[symbol].Emit(time, prices, sizes, _records, symbol);
    }

    public void Level(long time, int symbol, bool snapshot, int side, long price, long size)
    {
        Ensure(symbol);
        if (_pending != (symbol, time) && _pending.Symbol >= 0)
            _books[_pending.Symbol].Flush(_pending.Time, _pending.Symbol, _records);
        _pending = (symbol, time);
        if (snapshot && !_inSnapshot[symbol])
            _books[symbol].Clear(); // a new snapshot replaces the book
        _inSnapshot[symbol] = snapshot;
        _books[symbol].Apply(side, price, size);
    }

    public SourceData Finish(string path)
    {
        if (_pending.Symbol >= 0)
            _books[_pending.Symbol].Flush(_pending.Time, _pending.Symbol, _records);
        return new SourceData(path, [.. _symbols], [.. _records]); // no rows: no symbol (never a made-up one)
    }

    // Rows without a symbol column belong to the default symbol, id 0.
    private void Ensure(int symbol)
    {
        if (symbol == 0 && _symbols.Count == 0)
            Id(defaultSymbol);
    }
}
