using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Strategies;

/// <summary>Two strategies run in order, as one; each receives the order events of its own books only. Nest pairs for more.</summary>
public struct StrategyPair<TFirst, TSecond> : IStrategy where TFirst : struct, IStrategy where TSecond : struct, IStrategy
{
    /// <summary>The first strategy (mutable struct: no readonly).</summary>
    public TFirst First;

    /// <summary>The second strategy.</summary>
    public TSecond Second;

    // The source ids of the first strategy's books, as a 256-bit set: routes order events without allocating.
    private ulong _first0, _first1, _first2, _first3;

    /// <summary>Composes the strategies.</summary>
    public StrategyPair(TFirst first, TSecond second)
    {
        First = first;
        Second = second;
        var books = new List<StrategyInfo>();
        First.Describe(books);
        foreach (var b in books)
        {
            ulong bit = 1UL << (b.Source & 63);
            switch (b.Source >> 6)
            {
                case 0: _first0 |= bit; break;
                case 1: _first1 |= bit; break;
                case 2: _first2 |= bit; break;
                default: _first3 |= bit; break;
            }
        }
    }

    /// <inheritdoc />
    public void Describe(List<StrategyInfo> strategies)
    {
        First.Describe(strategies);
        Second.Describe(strategies);
    }

    /// <inheritdoc />
    public void OnOrderEvent(in Record record, StrategyContext context)
    {
        if (IsFirst((byte)record.Flags))
            First.OnOrderEvent(in record, context);
        else
            Second.OnOrderEvent(in record, context);
    }

    /// <inheritdoc />
    public void Process(ref Slot slot, StrategyContext context)
    {
        First.Process(ref slot, context);
        Second.Process(ref slot, context);
    }

    private readonly bool IsFirst(byte source)
    {
        ulong word = (source >> 6) switch { 0 => _first0, 1 => _first1, 2 => _first2, _ => _first3 };
        return (word & (1UL << (source & 63))) != 0;
    }
}

/// <summary>No strategy: the engine runs the built-in alphas only.</summary>
public struct NoStrategy : IStrategy
{
    /// <inheritdoc />
    public readonly void Describe(List<StrategyInfo> strategies) { }

    /// <inheritdoc />
    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    /// <inheritdoc />
    public readonly void Process(ref Slot slot, StrategyContext context) { }
}
