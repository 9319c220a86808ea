using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Turns successive top-of-book states (N price/size levels a side) into L2 level updates: only levels that changed
/// are emitted (bids touch-first, then asks), a level that disappeared is sent with size 0, and every update carries
/// the best bid and ask of the new state.
/// </summary>
internal sealed class BookLevelEmitter(int levels)
{
    private readonly long[] _price = new long[2 * levels];
    private readonly long[] _size = new long[2 * levels];

    public int Levels => levels;

    /// <summary>Emits the differences between the previous state and (<paramref name="prices"/>, <paramref name="sizes"/>), indexed [side * levels + level], for <paramref name="symbol"/> (the source's index).</summary>
    public void Emit(long time, ReadOnlySpan<long> prices, ReadOnlySpan<long> sizes, List<Record> output, int symbol = 0)
    {
        long bestBid = sizes[0] > 0 ? prices[0] : 0;
        long bestAsk = sizes[levels] > 0 ? prices[levels] : 0;
        for (int side = 0; side < 2; side++)
        {
            for (int level = 0; level < levels; level++)
            {
                int k = side * levels + level;
                if (_price[k] == prices[k] && _size[k] == sizes[k])
                    continue;
                if (sizes[k] == 0 && _size[k] == 0)
                    continue;
                _price[k] = prices[k];
                _size[k] = sizes[k];
                output.Add(new Record
                {
                    TimeNs = time,
                    Symbol = (ushort)symbol,
                    Kind = RecordKind.BookLevel,
                    Book = new BookLevelPayload { Side = (byte)side, Level = (byte)level, Price = prices[k], Size = sizes[k], BestBid = bestBid, BestAsk = bestAsk },
                });
            }
        }
    }
}
