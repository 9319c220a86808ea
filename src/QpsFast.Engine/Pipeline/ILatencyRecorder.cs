namespace QpsFast.Engine.Pipeline;

/// <summary>
/// Receives each slot's latency stamp right after the trading core (the portfolio) has applied it. Benchmarks plug a
/// recorder in; the engine itself never reads a clock, and the stamp is never journaled, so measuring cannot change
/// the record stream.
/// </summary>
public interface ILatencyRecorder
{
    /// <summary>Called on the engine thread for every slot whose stamp is not 0.</summary>
    void OnApplied(long latencyStamp);
}
