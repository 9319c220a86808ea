using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QpsFast.Cluster;
using QpsFast.Sweep;

namespace QpsFast.Cli;

/// <summary><c>qps sweep --cluster</c>: connects a client to the gateways and runs the sweep's trials on the silos.</summary>
internal static class ClusterRun
{
    /// <summary>What the run gave: the results, or an error (and whether the cluster could not be reached at all).</summary>
    public sealed record Outcome(TrialResult[]? Results, int Retries, string? Error, bool Unreachable);

    /// <summary>Runs <paramref name="trials"/> of <paramref name="job"/> on the cluster behind <paramref name="gateways"/>.</summary>
    public static Outcome Run(IReadOnlyList<IPEndPoint> gateways, string clusterId, SweepResults job, IReadOnlyList<int> trials, Action<int, int> progress)
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
            var (results, retries) = ClusterSweep.Run(client, job, trials, shareSize: 2, concurrency: 16, progress, message => Console.Error.WriteLine($"  {message}")).GetAwaiter().GetResult();
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
