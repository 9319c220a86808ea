namespace QpsFast.Engine.Pipeline;

/// <summary>
/// A slot's outbox filled up: more derived records for one input than <see cref="Outbox.Capacity"/>. This is a fatal
/// configuration error (too many alphas or symbols reacting at once), never a silent drop.
/// </summary>
public sealed class OutboxOverflowException : Exception
{
    /// <summary>Creates the exception for the input at <paramref name="sequence"/>.</summary>
    public OutboxOverflowException(long sequence, Records.RecordKind kind, ushort symbol, long timeNs)
        : base($"Outbox overflow at input sequence {sequence} ({kind}, symbol {symbol}, time {timeNs}): more than {Outbox.Capacity} derived records for one input.")
    {
        Sequence = sequence;
    }

    /// <summary>Returns the input record's stream sequence.</summary>
    public long Sequence { get; }
}
