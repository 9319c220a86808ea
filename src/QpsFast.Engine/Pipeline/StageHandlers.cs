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

/// <summary>The trading core as a stage.</summary>
public readonly struct CoreStage(TradingCore core) : IStage
{
    /// <summary>Returns the core.</summary>
    public TradingCore Core { get; } = core;

    /// <inheritdoc />
    public void Process(ref Slot slot) => Core.Process(ref slot);
}

/// <summary>A stage that does nothing: the user-alpha slot when there is no user alpha.</summary>
public struct NoStage : IStage
{
    /// <inheritdoc />
    public readonly void Process(ref Slot slot) { }
}

/// <summary>Two stages run in order, as one: composes several user alphas into the single user slot.</summary>
public struct StagePair<TFirst, TSecond> : IStage where TFirst : struct, IStage where TSecond : struct, IStage
{
    /// <summary>The first stage.</summary>
    public TFirst First;

    /// <summary>The second stage.</summary>
    public TSecond Second;

    /// <summary>Composes the stages.</summary>
    public StagePair(TFirst first, TSecond second)
    {
        First = first;
        Second = second;
    }

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        First.Process(ref slot);
        Second.Process(ref slot);
    }
}
