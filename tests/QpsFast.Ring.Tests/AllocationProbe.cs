namespace QpsFast.Ring.Tests;

/// <summary>Reads its thread's allocated-bytes counter at the first and last sequence of a measured window.</summary>
public struct AllocationProbe : IEventHandler<StressEvent>
{
    private readonly long _from;
    private readonly long _to;
    private long _startBytes;
    public long AllocatedBytes;
    public bool Measured;
    public long Checksum;

    public AllocationProbe(long from, long to)
    {
        _from = from;
        _to = to;
        AllocatedBytes = -1;
    }

    public readonly void OnBatchStart(long batchSize) { }

    public void OnEvent(ref StressEvent e, long sequence, bool endOfBatch)
    {
        if (sequence == _from)
            _startBytes = GC.GetAllocatedBytesForCurrentThread();
        Checksum += e.Payload;
        if (sequence == _to)
        {
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _startBytes;
            Measured = true;
        }
    }
}
