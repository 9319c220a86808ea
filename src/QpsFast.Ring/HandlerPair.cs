namespace QpsFast.Ring;

/// <summary>
/// Two handlers on one processor: <typeparamref name="TFirst"/> then <typeparamref name="TSecond"/> for each slot.
/// Both are structs behind generic constraints, so the JIT inlines both into the processor's loop. Use it to save a
/// thread (and its hand-off) when the second stage is cheap and the machine has few cores.
/// </summary>
public struct HandlerPair<T, TFirst, TSecond>(TFirst first, TSecond second) : IEventHandler<T>
    where T : unmanaged
    where TFirst : struct, IEventHandler<T>
    where TSecond : struct, IEventHandler<T>
{
    // mutable structs: no readonly
    private TFirst _first = first;
    private TSecond _second = second;

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
        _first.OnBatchStart(batchSize);
        _second.OnBatchStart(batchSize);
    }

    /// <inheritdoc />
    public void OnEvent(ref T slot, long sequence, bool endOfBatch)
    {
        _first.OnEvent(ref slot, sequence, endOfBatch);
        _second.OnEvent(ref slot, sequence, endOfBatch);
    }
}
