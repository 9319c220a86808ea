namespace QpsFast.Ring.Tests;

/// <summary>The slot of the stress tests: who produced it, its per-producer number, a payload, and stage stamps.</summary>
public struct StressEvent
{
    public long Producer;
    public long ProducerSequence;
    public long Payload;
    public long StampA;
    public long StampB;
    public long StampC;

    public static long PayloadOf(long producer, long producerSequence)
    {
        // SplitMix64 finalizer: every (producer, sequence) pair gets a distinct-looking value.
        ulong z = (ulong)(producer << 40 ^ producerSequence) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }

    public static long StampOf(long payload, int stage) => payload ^ (0x5A5A5A5AL << stage);
}
