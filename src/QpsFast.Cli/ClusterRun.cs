using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QpsFast.Cluster;
using QpsFast.Engine.Strategies;
using QpsFast.Sweep;

namespace QpsFast.Cli;

/// <summary><c>qps sweep --cluster</c>: connects a client to the gateways and runs the sweep's trials on the silos.</summary>
internal static class ClusterRun
{
    /// <summary>What the run gave: the results, or an error (and whether the cluster could not be reached at all).</summary>
    public sealed record Outcome(TrialResult[]? Results, int Retries, string? Error, bool Unreachable);

    /// <summary>
    /// The job as the silos get it: its data files, catalog, strategy assemblies and strategy configurations by full
    /// path (a silo's working folder is not the client's; each machine must have them at that path). The files the
    /// client writes keep the paths as given.
    /// </summary>
    public static SweepResults ForSilos(SweepResults job)
    {
        static string Full(string source) =>
            source == "synthetic" ? source
            : Data.Catalog.CatalogSelection.TryParse(source, out var catalog) ? (catalog with { Directory = Path.GetFullPath(catalog.Directory) }).ToString()
            : Path.GetFullPath(source);
        static string FullStrategy(string value)
        {
            var (path, type) = StrategyLoader.Split(value);
            return Path.GetFullPath(path) + (type is null ? "" : ":" + type);
        }
        return job with
        {
            Data = job.Data with { Sources = [.. job.Data.Sources.Select(Full)] },
            Strategies = new Sweep.StrategyArgs([.. job.Strategies.Paths.Select(FullStrategy)], [.. job.Strategies.Configs.Select(Path.GetFullPath)]),
        };
    }

    /// <summary>Runs <paramref name="trials"/> of <paramref name="job"/> on the cluster behind <paramref name="gateways"/>.</summary>
    public static Outcome Run(IReadOnlyList<IPEndPoint> gateways, string clusterId, SweepResults job, IReadOnlyList<StrategySpec> strategies, IReadOnlyList<int> trials,
        Action<int, int> progress)
    {
        using var host = ClusterHosting.Client(gateways, clusterId);
        try
        {
            using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            host.StartAsync(connect.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Outcome(null, 0, $"cannot reach the cluster at {string.Join(", ", gateways)} ({e.Message.ReplaceLineEndings(" ")}): is a qps cluster silo running there with that --gateway-port?", true);
        }
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var (results, retries) = ClusterSweep.Run(client, job, strategies, trials, shareSize: 2, concurrency: 16, progress, message => Console.Error.WriteLine($"  {message}")).GetAwaiter().GetResult();
            return new Outcome(results, retries, null, false);
        }
        catch (InvalidOperationException e)
        {
            return new Outcome(null, 0, e.Message, false);
        }
        finally
        {
            host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
    }
}
