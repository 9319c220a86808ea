using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Orleans.Placement;
using QpsFast.Data.Readers;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Strategies;
using QpsFast.Sweep;

namespace QpsFast.Cluster;

/// <summary>
/// Runs a share of a sweep's trials on this silo (<see cref="ISweepWorkerGrain"/>). Placed at random, so a sweep's
/// many worker activations spread over the silos. At most one trial per core of the silo runs at a time, off the
/// Orleans scheduler (a trial is seconds of CPU; the scheduler must stay free for membership pings).
/// </summary>
[RandomPlacement]
public sealed class SweepWorkerGrain(ILocalSiloDetails silo) : Grain, ISweepWorkerGrain
{
    private static readonly SemaphoreSlim s_cores = new(Environment.ProcessorCount);

    /// <summary>Told (trials) when this silo starts a share: <c>qps cluster silo</c> prints it.</summary>
    public static Action<int[]>? Started { get; set; }

    /// <summary>
    /// Loads user strategies (their <c>--strategy</c> and <c>--strategy-config</c> values, for the data's symbols):
    /// <c>qps cluster silo</c> sets it. Without it, a share with strategies fails.
    /// </summary>
    public static Func<Sweep.StrategyArgs, IReadOnlyList<string>, (IReadOnlyList<StrategySpec> Specs, StrategyRegistry Registry)>? LoadStrategies { get; set; }

    /// <inheritdoc />
    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToString());

    /// <inheritdoc />
    public async Task<string> Run(string jobJson, string strategiesJson, int[] trials)
    {
        var job = SweepResults.Parse(Encoding.UTF8.GetBytes(jobJson), "the sweep job");
        await s_cores.WaitAsync();
        try
        {
            Started?.Invoke(trials);
            var (specs, registry) = Strategies(job, strategiesJson);
            var results = await Task.Run(() => SweepRunner.Run(job.Plan, trials, DataCache.Get(job.Data), specs, registry, 1));
            return (job with { Trials = results }).ToJson();
        }
        finally
        {
            s_cores.Release();
        }
    }

    /// <summary>Loads the job's strategies on this silo and checks they are the client's: the same assembly bytes and parameters.</summary>
    /// <exception cref="InvalidDataException">This silo's copy differs, or cannot be loaded.</exception>
    private static (IReadOnlyList<StrategySpec>, StrategyRegistry) Strategies(SweepResults job, string strategiesJson)
    {
        using var doc = JsonDocument.Parse(strategiesJson);
        var expected = doc.RootElement.EnumerateArray().Select(StrategySpec.Read).ToArray();
        if (expected.Length == 0)
            return ([], new StrategyRegistry());
        var load = LoadStrategies ?? throw new InvalidDataException("this silo cannot load user strategies");
        IReadOnlyList<StrategySpec> specs;
        StrategyRegistry registry;
        try
        {
            (specs, registry) = load(job.Strategies, job.Data.Symbols);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"this silo cannot load the sweep's strategies: {e.Message}");
        }
        for (int i = 0; i < expected.Length; i++)
        {
            var (mine, theirs) = (i < specs.Count ? specs[i] : null, expected[i]);
            if (mine is null || mine.TypeName != theirs.TypeName || mine.AssemblySha256 != theirs.AssemblySha256)
                throw new InvalidDataException($"this silo's copy of {theirs.AssemblyPath} is not the client's strategy {theirs.TypeName} (SHA-256 {(mine is null ? "none" : mine.AssemblySha256[..16])}…, the client's {theirs.AssemblySha256[..Math.Min(16, theirs.AssemblySha256.Length)]}…)");
            using var a = JsonDocument.Parse(mine.ParametersJson);
            using var b = JsonDocument.Parse(theirs.ParametersJson);
            if (!JsonElement.DeepEquals(a.RootElement, b.RootElement))
                throw new InvalidDataException($"this silo's parameters for strategy {theirs.Name} differ from the client's ({job.Strategies.Configs.ElementAtOrDefault(i) ?? "no --strategy-config"})");
        }
        return (specs, registry);
    }
}

/// <summary>
/// A silo's market data, by content: each data set is read once per silo (from the path the sweep names, which each
/// machine must have, or generated when synthetic) and kept for every later share of any sweep on it; its digest must
/// be the client's, or the share fails rather than run on other data.
/// </summary>
public static class DataCache
{
    private static readonly ConcurrentDictionary<ulong, Lazy<SweepData>> s_data = new();

    /// <summary>Returns the data a sweep names, loading it on first use.</summary>
    /// <exception cref="InvalidDataException">This silo's copy is not the data the sweep ran on, or cannot be read.</exception>
    public static SweepData Get(DataSource source) =>
        s_data.GetOrAdd(source.Digest, _ => new Lazy<SweepData>(() => Load(source))).Value;

    /// <summary>Returns how many data sets this silo holds.</summary>
    public static int Count => s_data.Count;

    private static SweepData Load(DataSource source)
    {
        SweepData data;
        if (source.Sources is [var only] && Data.Catalog.CatalogSelection.TryParse(only, out var catalog))
        {
            var (symbols, records, seed) = catalog.ReadAll();
            data = new SweepData(records, symbols, seed);
        }
        else if (source.Sources is ["synthetic"])
        {
            var options = new SyntheticOptions(source.Days, source.SymbolCount, source.Seed);
            var list = new List<Engine.Records.Record>();
            new SyntheticMarket(options).Generate(chunk => list.AddRange(chunk.ToArray()));
            data = new SweepData([.. list], SyntheticMarket.NamesFor(options.Symbols), options.Seed);
        }
        else
        {
            try
            {
                var loaded = MarketDataLoader.Load(source.Sources);
                data = new SweepData(loaded.Records, loaded.Symbols, loaded.Seed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFormatException)
            {
                throw new InvalidDataException($"this silo cannot read the sweep's data ({string.Join(" ", source.Sources)}): {e.Message}");
            }
        }
        ulong digest = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(data.Records.AsSpan()));
        if (digest != source.Digest)
            throw new InvalidDataException($"this silo's copy of {string.Join(" ", source.Sources)} has digest {SweepResults.Hex(digest)}, not the sweep's {SweepResults.Hex(source.Digest)}");
        return data;
    }
}
