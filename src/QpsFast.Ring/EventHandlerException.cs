namespace QpsFast.Ring;

/// <summary>
/// Reports that an event handler threw. The processor halted without marking <see cref="Sequence"/> processed,
/// so nothing after it was skipped, and a restart resumes at that sequence.
/// </summary>
public sealed class EventHandlerException : Exception
{
    /// <summary>Creates the exception for a throw at <paramref name="sequence"/> in processor <paramref name="processorName"/>.</summary>
    public EventHandlerException(string processorName, long sequence, Exception inner)
        : base($"Event handler '{processorName}' threw at sequence {sequence}: {inner.Message}", inner)
    {
        ProcessorName = processorName;
        Sequence = sequence;
    }

    /// <summary>Returns the name of the processor whose handler threw.</summary>
    public string ProcessorName { get; }

    /// <summary>Returns the sequence of the event being handled when the handler threw.</summary>
    public long Sequence { get; }
}
