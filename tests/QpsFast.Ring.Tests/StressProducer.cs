namespace QpsFast.Ring.Tests;

/// <summary>Publishes numbered events in batches of 1 to 7 slots, cycling, so single and batch claims both occur.</summary>
public static class StressProducer
{
    public static void Produce(Sequencer sequencer, RingBuffer<StressEvent> ring, int producer, long count) =>
        ProduceFrom(sequencer, ring, producer, 0, count);

    public static void ProduceFrom(Sequencer sequencer, RingBuffer<StressEvent> ring, int producer, long start, long count)
    {
        long produced = start;
        count += start;
        int batch = 1;
        while (produced < count)
        {
            int n = (int)Math.Min(batch, count - produced);
            long hi = sequencer.Next(n);
            long lo = hi - n + 1;
            for (long s = lo; s <= hi; s++)
            {
                ref var e = ref ring[s];
                e.Producer = producer;
                e.ProducerSequence = produced;
                e.Payload = StressEvent.PayloadOf(producer, produced);
                e.StampA = e.StampB = e.StampC = 0;
                produced++;
            }
            if (n == 1)
                sequencer.Publish(hi);
            else
                sequencer.Publish(lo, hi);
            batch = batch == 7 ? 1 : batch + 1;
        }
    }
}
