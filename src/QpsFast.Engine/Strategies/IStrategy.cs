using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// A strategy that trades its own book and sees it: implement it with a <b>struct</b> (the engine calls it through
/// generic constraints, so the JIT specializes and inlines it). For each input the engine (1) applies the fills the
/// input causes, (2) calls <see cref="OnOrderEvent"/> with each of them, (3) calls <see cref="Process"/>, which reads
/// the input, the bars the aggregator appended and the strategy's book, and appends signals (orders through
/// <see cref="BookView"/>), (4) runs risk on every signal, and (5) calls <see cref="OnOrderEvent"/> with the orders,
/// rejects and cancels that made. So at input k a strategy sees its book after every fill up to and including k.
/// </summary>
/// <remarks>
/// Rules that keep a run deterministic and allocation-free: no clock, no <c>Random</c>, no hash-ordered iteration, no
/// dependence on thread timing; allocate in the constructor or <see cref="Describe"/>, never in the event methods.
/// Compose several with <see cref="StrategyPair{TFirst, TSecond}"/>.
/// </remarks>
public interface IStrategy
{
    /// <summary>Adds one <see cref="StrategyInfo"/> per book this strategy trades (called once, when the engine is built).</summary>
    void Describe(List<StrategyInfo> strategies);

    /// <summary>
    /// Called with each Order, Fill and Reject (a cancel is a Reject with reason Cancelled) of this strategy's
    /// books, in stream order, with its stream sequence set. It cannot append records.
    /// </summary>
    void OnOrderEvent(in Record record, StrategyContext context);

    /// <summary>Processes one input: read <c>slot.Input</c>, <c>slot.Derived</c> and the book; append signals.</summary>
    void Process(ref Slot slot, StrategyContext context);
}
