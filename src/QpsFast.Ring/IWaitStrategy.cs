namespace QpsFast.Ring;

/// <summary>
/// How a consumer waits for a sequence. Implementations are structs used as generic parameters, so the JIT
/// specializes the processor's loop for each.
/// </summary>
public interface IWaitStrategy
{
    /// <summary>Returns whether producers and stages must signal <see cref="WaitSignal"/> for this strategy.</summary>
    static abstract bool UsesSignal { get; }

    /// <summary>
    /// Waits until <paramref name="barrier"/>'s <see cref="SequenceBarrier.DependentValue"/> reaches
    /// <paramref name="sequence"/>, and returns it. Returns a value below <paramref name="sequence"/> when the barrier
    /// is alerted or the strategy times out.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);
}
