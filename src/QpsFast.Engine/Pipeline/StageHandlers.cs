using System.Runtime.CompilerServices;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;

namespace QpsFast.Engine.Pipeline;

/// <summary>Runs one stage as an event handler (the staged topology).</summary>
public struct StageHandler<TStage> : IEventHandler<Slot> where TStage : struct, IStage
{
    /// <summary>The stage (mutable struct: no readonly).</summary>
    public TStage Stage;

    /// <summary>Wraps <paramref name="stage"/>.</summary>
    public StageHandler(TStage stage) => Stage = stage;

    /// <inheritdoc />
    public readonly void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch) => Stage.Process(ref slot);
}

/// <summary>
/// The trading core and the strategies that read their books, as one stage on one thread: settle the input (fills),
/// tell the strategies their fills, let them process the input, execute every signal through risk, tell them what
/// that made. Strategies run between the core's two halves of the same input, so the feedback from the core at input
/// k−1 to the strategies at input k holds by construction, in every topology.
/// </summary>
public struct CoreStage<TStrategy> : IStage where TStrategy : struct, IStrategy
{
    private TStrategy _strategy; // mutable struct: no readonly
    private readonly bool[] _isUserBook;

    /// <summary>Composes the core with <paramref name="strategy"/>.</summary>
    public CoreStage(TradingCore core, TStrategy strategy, IEnumerable<byte> userSources)
    {
        Core = core;
        _strategy = strategy;
        Context = new StrategyContext(core);
        _isUserBook = new bool[256];
        foreach (var s in userSources)
            _isUserBook[s] = true;
    }

    /// <summary>Returns the core.</summary>
    public TradingCore Core { get; }

    /// <summary>Returns the strategies' context.</summary>
    public StrategyContext Context { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Process(ref Slot slot)
    {
        if (typeof(TStrategy) == typeof(NoStrategy))
        {
            Core.Process(ref slot);
            return;
        }
        int from = slot.OutboxCount;
        Core.Settle(ref slot);
        Notify(ref slot, from);
        _strategy.Process(ref slot, Context);
        from = slot.OutboxCount;
        Core.Execute(ref slot);
        Notify(ref slot, from);
    }

    private void Notify(ref Slot slot, int from)
    {
        int count = slot.OutboxCount;
        long first = slot.Input.Sequence + 1;
        for (int i = from; i < count; i++)
        {
            ref var r = ref slot.Outbox[i];
            if ((r.Kind is RecordKind.Order or RecordKind.Fill or RecordKind.Reject) && _isUserBook[(byte)r.Flags])
            {
                r.Sequence = first + i; // the number Execute gives it
                _strategy.OnOrderEvent(in r, Context);
            }
        }
    }
}

/// <summary>A stage that does nothing: the user-alpha slot when there is no user alpha.</summary>
public struct NoStage : IStage
{
    /// <inheritdoc />
    public readonly void Process(ref Slot slot) { }
}
