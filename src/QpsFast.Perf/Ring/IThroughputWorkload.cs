namespace QpsFast.Perf.Ring;

/// <summary>A throughput workload that can be run repeatedly; each run is checked against its expected checksum.</summary>
public interface IThroughputWorkload : IDisposable
{
    /// <summary>Returns a short name for reports ("ring", "channels").</summary>
    string Name { get; }

    /// <summary>
    /// Pushes <paramref name="events"/> events through the topology and returns the timed phase: from the first
    /// producer's first claim to the last consumer's last event.
    /// </summary>
    /// <exception cref="InvalidOperationException">The consumers' checksum differs from the expected one.</exception>
    TimeSpan Run(long events);
}
