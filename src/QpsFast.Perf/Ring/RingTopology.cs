namespace QpsFast.Perf.Ring;

/// <summary>The shapes of the ring throughput workloads.</summary>
public enum RingTopology
{
    /// <summary>One producer, one consumer.</summary>
    OneToOne,

    /// <summary>One producer, three consumers in a chain (A→B→C), each doing a step of arithmetic.</summary>
    Pipeline,

    /// <summary>Three producers, one consumer.</summary>
    ThreeToOne,
}
