namespace QpsFast.Ring;

/// <summary>Thrown to a producer that waits for capacity in a pipeline whose consumer has faulted.</summary>
public sealed class PipelineFaultedException : Exception
{
    /// <summary>Creates the exception with the consumer's fault as <paramref name="inner"/>.</summary>
    public PipelineFaultedException(string message, Exception inner) : base(message, inner) { }
}
