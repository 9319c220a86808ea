using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using QpsFast.Engine.Strategies;
using QpsFast.Sweep;

namespace QpsFast.Cluster;

/// <summary>A silo's addresses and membership (<c>qps cluster silo</c>).</summary>
/// <param name="Address">The address the silo listens on and advertises to the others.</param>
/// <param name="SiloPort">Silo-to-silo port.</param>
/// <param name="GatewayPort">The port clients (<c>qps sweep --cluster</c>) connect to.</param>
/// <param name="SeedNode">The primary silo's silo endpoint (host:port), or null for the primary itself.</param>
/// <param name="ClusterId">Silos and clients of one cluster share it.</param>
public sealed record SiloOptions(IPAddress Address, int SiloPort, int GatewayPort, IPEndPoint? SeedNode, string ClusterId);

/// <summary>
/// Builds the silo and the client. Membership is Orleans' development clustering: the primary silo (the one started
/// without a seed node) keeps the membership table and every other silo names it; no database or cloud service is
/// needed, which suits machines without one (docs/cluster.md). Failure detection is tightened so that a dead silo's
/// trials run elsewhere within seconds.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The service id of every QpsFast cluster.</summary>
    public const string ServiceId = "qpsfast-sweep";

    /// <summary>Builds a silo host (not started).</summary>
    public static IHost Silo(SiloOptions o)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleans(silo =>
        {
            silo.UseDevelopmentClustering(o.SeedNode ?? new IPEndPoint(o.Address, o.SiloPort));
            silo.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (o.ClusterId, ServiceId));
            silo.ConfigureEndpoints(o.Address, o.SiloPort, o.GatewayPort);
            silo.Configure<ClusterMembershipOptions>(m =>
            {
                m.ProbeTimeout = TimeSpan.FromSeconds(1);
                m.NumMissedProbesLimit = 2;
                m.NumVotesForDeathDeclaration = 1;
                m.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
        });
        return builder.Build();
    }

    /// <summary>Builds a client host (not started) of the cluster whose gateways are <paramref name="gateways"/>.</summary>
    public static IHost Client(IReadOnlyList<IPEndPoint> gateways, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Quiet(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gateways]);
            client.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (clusterId, ServiceId));
            client.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = TimeSpan.FromSeconds(120));
        });
        return builder.Build();
    }

    private static void Quiet(ILoggingBuilder logging) => logging.ClearProviders().SetMinimumLevel(LogLevel.None);
}

/// <summary>
/// Runs a sweep on the cluster: its trials in shares of a few, each share a call to a worker grain on some silo, several
/// at once. The client watches the cluster's membership: a share whose silo is declared dead, or whose call fails,
/// is sent again (after a short pause, under a new grain key, so it lands on a live silo). The results are the local
/// run's, trial for trial.
/// </summary>
public static class ClusterSweep
{
    /// <summary>The most times a share is sent before the sweep gives up.</summary>
    public const int MaxAttempts = 8;

    private sealed class SiloLostException(string silo) : Exception($"its silo {silo} left the cluster");

    /// <summary>Runs trials <paramref name="trials"/> of <paramref name="job"/> (a sweep with no trials yet) through <paramref name="client"/>.</summary>
    /// <exception cref="InvalidOperationException">A share failed <see cref="MaxAttempts"/> times: the message has the last error.</exception>
    public static async Task<(TrialResult[] Results, int Retries)> Run(IClusterClient client, SweepResults job, IReadOnlyList<StrategySpec> strategies, IReadOnlyList<int> trials,
        int shareSize, int concurrency, Action<int, int>? progress = null, Action<string>? log = null)
    {
        string jobJson = job.ToJson();
        string strategiesJson = StrategiesJson(strategies);
        string key = SweepResults.Hex(job.Plan.Hash());
        var shares = trials.Chunk(shareSize).ToArray();
        var results = new TrialResult[trials.Count];
        var index = trials.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        int done = 0, retries = 0;
        var management = client.GetGrain<IManagementGrain>(0);
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = shares.Select(async (share, s) =>
        {
            await gate.WaitAsync();
            try
            {
                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        var worker = client.GetGrain<ISweepWorkerGrain>($"{key}-{s}-{attempt}");
                        // A new worker placed on a silo that has just died would not answer until the response
                        // timeout: a live one answers at once, so wait a few seconds only.
                        var where = worker.Where();
                        if (await Task.WhenAny(where, Task.Delay(TimeSpan.FromSeconds(10))) != where)
                            throw new TimeoutException("the worker did not say where it lives within 10 s");
                        string silo = await where;
                        var run = worker.Run(jobJson, strategiesJson, share);
                        while (await Task.WhenAny(run, Task.Delay(1000)) != run)
                        {
                            var live = await management.GetHosts(onlyActive: true);
                            if (!live.Keys.Any(a => a.ToString() == silo))
                                throw new SiloLostException(silo);
                        }
                        foreach (var r in SweepResults.Parse(System.Text.Encoding.UTF8.GetBytes(await run), $"share {s}").Trials)
                            results[index[r.Trial]] = r;
                        progress?.Invoke(Interlocked.Add(ref done, share.Length), trials.Count);
                        return;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException && attempt + 1 < MaxAttempts)
                    {
                        Interlocked.Increment(ref retries);
                        log?.Invoke($"share {s} (trials {share[0]}–{share[^1]}) failed on attempt {attempt + 1} ({OneLine(e)}); sending it again");
                        await Task.Delay(TimeSpan.FromMilliseconds(500 * (attempt + 1))); // membership needs a few seconds to declare a silo dead
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new InvalidOperationException($"share {s} (trials {share[0]}–{share[^1]}) failed {MaxAttempts} times; the last error: {OneLine(e)}", e);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        return (results, retries);
    }

    private static string StrategiesJson(IReadOnlyList<StrategySpec> strategies)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var s in strategies)
                s.Write(w);
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The exception's innermost message, first line only (Orleans puts stack traces in some messages).</summary>
    private static string OneLine(Exception e)
    {
        string message = e.GetBaseException().Message;
        int cut = message.IndexOfAny(['\r', '\n']);
        message = (cut >= 0 ? message[..cut] : message).Trim();
        int at = message.IndexOf("    at ", StringComparison.Ordinal);
        if (at > 0)
            message = message[..at].Trim();
        return $"{e.GetBaseException().GetType().Name}: {(message.Length > 200 ? message[..200] + "…" : message)}";
    }
}
