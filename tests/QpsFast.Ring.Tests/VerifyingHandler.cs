namespace QpsFast.Ring.Tests;

/// <summary>
/// Checks exactly-once, in-order delivery per producer, the payload checksum, and the stamps of the stages it runs
/// after; then writes its own stamp. Throws on the first violation, which faults the pipeline with the sequence.
/// </summary>
public struct VerifyingHandler : IEventHandler<StressEvent>
{
    private readonly long[] _nextPerProducer;
    private readonly int _stamp;      // 0 none, 1 A, 2 B, 3 C
    private readonly int _requires;   // bit 1 A, bit 2 B
    public long Count;
    public long Checksum;
    public long Batches;
    public long LastSequence;

    public VerifyingHandler(int producers, int stamp = 0, int requires = 0)
    {
        _nextPerProducer = new long[producers];
        _stamp = stamp;
        _requires = requires;
        LastSequence = -1;
    }

    public readonly long NextFor(int producer) => _nextPerProducer[producer];

    public void OnBatchStart(long batchSize) => Batches++;

    public void OnEvent(ref StressEvent e, long sequence, bool endOfBatch)
    {
        if (sequence != LastSequence + 1)
            throw new InvalidOperationException($"ring sequence {sequence} after {LastSequence}");
        LastSequence = sequence;
        ref long next = ref _nextPerProducer[e.Producer];
        if (e.ProducerSequence != next)
            throw new InvalidOperationException($"producer {e.Producer}: got #{e.ProducerSequence}, expected #{next}");
        next++;
        if (e.Payload != StressEvent.PayloadOf(e.Producer, e.ProducerSequence))
            throw new InvalidOperationException($"payload mismatch at {sequence}");
        if ((_requires & 1) != 0 && e.StampA != StressEvent.StampOf(e.Payload, 1))
            throw new InvalidOperationException($"stage A had not run at {sequence}");
        if ((_requires & 2) != 0 && e.StampB != StressEvent.StampOf(e.Payload, 2))
            throw new InvalidOperationException($"stage B had not run at {sequence}");
        switch (_stamp)
        {
            case 1: e.StampA = StressEvent.StampOf(e.Payload, 1); break;
            case 2: e.StampB = StressEvent.StampOf(e.Payload, 2); break;
            case 3: e.StampC = StressEvent.StampOf(e.Payload, 3); break;
        }
        Count++;
        Checksum += e.Payload;
    }

    public static long ExpectedChecksum(int producers, long perProducer)
    {
        long sum = 0;
        for (int p = 0; p < producers; p++)
            for (long i = 0; i < perProducer; i++)
                sum += StressEvent.PayloadOf(p, i);
        return sum;
    }
}
