namespace QpsFast.Perf.Ring;

/// <summary>
/// The 8-byte slot of the 1P1C and 3P1C workloads: the same shape as Disruptor-net's <c>PerfValueEvent</c>, so the
/// figures compare like for like (eight slots per cache line).
/// </summary>
public struct PerfEvent : IValueEvent
{
    /// <summary>The producer's value.</summary>
    public long Value;

    /// <inheritdoc />
    public void SetValue(long value) => Value = value;
}

/// <summary>The slot of the pipeline workload: the producer's value and the result of each of three stages.</summary>
public struct PipelineEvent : IValueEvent
{
    /// <summary>The producer's value.</summary>
    public long Value;

    /// <summary>Stage A's result.</summary>
    public long StepOne;

    /// <summary>Stage B's result.</summary>
    public long StepTwo;

    /// <summary>Stage C's result.</summary>
    public long StepThree;

    /// <inheritdoc />
    public void SetValue(long value) => Value = value;
}

/// <summary>A slot a producer writes one value into.</summary>
public interface IValueEvent
{
    /// <summary>Writes the producer's value.</summary>
    void SetValue(long value);
}
