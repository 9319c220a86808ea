namespace QpsFast.Ring;

/// <summary>How many threads publish into a ring.</summary>
public enum ProducerType
{
    /// <summary>Exactly one producer thread: <see cref="SingleProducerSequencer"/>.</summary>
    Single,

    /// <summary>Any number of producer threads: <see cref="MultiProducerSequencer"/>.</summary>
    Multi,
}
