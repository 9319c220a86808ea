namespace QpsFast.Ring;

/// <summary>
/// A consumer's logic, implemented by a struct and called through a generic constraint so the JIT inlines it into
/// the processor's batch loop.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
public interface IEventHandler<T> where T : unmanaged
{
    /// <summary>
    /// Handles the slot at <paramref name="sequence"/>. <paramref name="endOfBatch"/> is true for the last slot
    /// currently available: the moment to flush, compress or publish downstream.
    /// </summary>
    void OnEvent(ref T slot, long sequence, bool endOfBatch);

    /// <summary>
    /// Called before the first <see cref="OnEvent"/> of each batch with the batch's size. This hook is optional in
    /// effect: leave the body empty and the JIT removes the call. (It is a required member rather than a default
    /// interface method because calling a default method on a struct boxes it.)
    /// </summary>
    void OnBatchStart(long batchSize);
}
