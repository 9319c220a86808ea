namespace QpsFast.Engine.Broker;

/// <summary>
/// The broker's view of each symbol's L2 book: price and size per level and side, plus whether each level has been
/// refreshed since the symbol's last bar. A bar means prices have moved, so levels older than it are not fillable
/// until the feed refreshes them.
/// </summary>
public sealed class PaperBook
{
    private readonly int _levels;
    private readonly long[] _price;
    private readonly long[] _size;
    private readonly bool[] _fresh;
    private readonly bool[] _hasBook;

    /// <summary>Creates books of <paramref name="levels"/> levels a side for <paramref name="symbols"/> symbols.</summary>
    public PaperBook(int symbols, int levels)
    {
        _levels = levels;
        _price = new long[symbols * 2 * levels];
        _size = new long[symbols * 2 * levels];
        _fresh = new bool[symbols * 2 * levels];
        _hasBook = new bool[symbols];
    }

    /// <summary>Returns the number of levels per side.</summary>
    public int Levels => _levels;

    /// <summary>Returns whether any book data has been seen for <paramref name="symbol"/>.</summary>
    public bool HasBook(int symbol) => _hasBook[symbol];

    /// <summary>Applies a level update (size 0 deletes the level).</summary>
    public void Update(int symbol, int side, int level, long price, long size)
    {
        if (level >= _levels)
            return;
        int k = Index(symbol, side, level);
        _price[k] = price;
        _size[k] = size;
        _fresh[k] = size > 0;
        _hasBook[symbol] = true;
    }

    /// <summary>Marks every level of <paramref name="symbol"/> stale (a newer bar has been seen).</summary>
    public void Invalidate(int symbol) => _fresh.AsSpan(symbol * 2 * _levels, 2 * _levels).Clear();

    /// <summary>Returns a fresh level's price and size (0 size when absent or stale).</summary>
    public (long Price, long Size) Level(int symbol, int side, int level)
    {
        int k = Index(symbol, side, level);
        return _fresh[k] ? (_price[k], _size[k]) : (0, 0);
    }

    /// <summary>Removes <paramref name="size"/> from a level after a fill consumed it.</summary>
    public void Consume(int symbol, int side, int level, long size)
    {
        int k = Index(symbol, side, level);
        _size[k] -= size;
        if (_size[k] <= 0)
            _fresh[k] = false;
    }

    private int Index(int symbol, int side, int level) => (symbol * 2 + side) * _levels + level;
}
