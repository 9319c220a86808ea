namespace QpsFast.Cluster;

/// <summary>
/// A worker of a sweep on the cluster: runs some of its trials on the silo it lives on. The job and the results travel
/// as the JSON of <c>sweep.json</c> (<see cref="Sweep.SweepResults"/>), so the files the client writes are the ones a
/// local run writes.
/// </summary>
public interface ISweepWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs <paramref name="trials"/> of the sweep in <paramref name="jobJson"/> and returns the results as sweep.json
    /// text. <paramref name="strategiesJson"/> is the client's user strategies (a JSON array of
    /// <see cref="Engine.Strategies.StrategySpec"/>): the silo loads them from the job's paths and refuses a copy
    /// whose assembly or parameters differ.
    /// </summary>
    Task<string> Run(string jobJson, string strategiesJson, int[] trials);

    /// <summary>Returns the address of the silo this worker lives on (so the client can tell when that silo dies).</summary>
    Task<string> Where();
}
