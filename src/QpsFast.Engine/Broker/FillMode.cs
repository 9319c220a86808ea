namespace QpsFast.Engine.Broker;

/// <summary>When and at what price the paper broker fills a market order.</summary>
public enum FillMode : byte
{
    /// <summary>
    /// At the next market event of the symbol at or after creation + latency (never the creating event): a bar's
    /// close, a trade's price, or, where a book exists, by walking the opposite side of the book (partial fills).
    /// </summary>
    NextEvent = 0,

    /// <summary>At the open of the first bar of the symbol that opens at or after creation + latency (the backtest convention).</summary>
    NextBarOpen = 1,
}
