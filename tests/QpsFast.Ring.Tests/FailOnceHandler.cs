namespace QpsFast.Ring.Tests;

/// <summary>Stamps stage A's requirement check like a middle stage, and throws the first time it sees one sequence.</summary>
public struct FailOnceHandler : IEventHandler<StressEvent>
{
    private readonly long _failAt;
    public long Count;
    public long Failures;

    public FailOnceHandler(long failAt) => _failAt = failAt;

    public readonly void OnBatchStart(long batchSize) { }

    public void OnEvent(ref StressEvent e, long sequence, bool endOfBatch)
    {
        if (sequence == _failAt && Failures == 0)
        {
            Failures++;
            throw new InvalidOperationException("injected failure");
        }
        Count++;
    }
}
