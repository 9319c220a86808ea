using QpsFast.Engine.Pipeline;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// What a strategy may read besides its input: its book (<see cref="Book"/>), the marks, and the kill switch. One
/// instance per engine, made when it is built; reading it never allocates.
/// </summary>
public sealed class StrategyContext
{
    private readonly TradingCore _core;

    internal StrategyContext(TradingCore core) => _core = core;

    /// <summary>Returns the book of the strategy whose signals carry <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">No book has that source id.</exception>
    public BookView Book(byte source)
    {
        int book = _core.BookIndexOf(source);
        if (book < 0)
            ThrowNoBook(source);
        return new BookView(_core, book, source);
    }

    /// <summary>Returns the number of symbols.</summary>
    public int Symbols => _core.Marks.Length;

    /// <summary>Returns the latest mark price of a symbol (raw; 0 before the first price).</summary>
    public long Mark(int symbol) => _core.Marks[symbol];

    /// <summary>Returns whether the kill switch has tripped (every new order is then rejected).</summary>
    public bool KillSwitchTripped => _core.KillSwitchTripped;

    private static void ThrowNoBook(byte source) =>
        throw new ArgumentException($"no book has source id {source}: list it in the strategy's Describe", nameof(source));
}
