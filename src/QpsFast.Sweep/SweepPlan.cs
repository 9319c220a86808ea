using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json.Nodes;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Strategies;

namespace QpsFast.Sweep;

/// <summary>
/// What a sweep runs: a base configuration (JSON text), the varied parameters, and which of their combinations are
/// trials: the whole grid (the first parameter varying slowest), or <see cref="Random"/> distinct grid points drawn
/// with <see cref="RandomSeed"/> (SplitMix64, so the same on every machine and runtime). Trial k's settings are the base
/// with the k-th combination's values written at their paths, validated as a configuration file is; a path
/// <c>strategy.BOOK.KEY</c> sets a user strategy's parameter instead (<see cref="Strategies"/>).
/// </summary>
public sealed record SweepPlan(string BaseConfigJson, IReadOnlyList<SweepParameter> Parameters)
{
    /// <summary>The prefix of a varied path that sets a user strategy's parameter: <c>strategy.BOOK.KEY</c> (BOOK the strategy's book name).</summary>
    public const string StrategyPrefix = "strategy.";

    /// <summary>The most trials one sweep may have.</summary>
    public const long MaxTrials = 1_000_000;

    /// <summary>Draw this many distinct grid points at random instead of running the whole grid (0: the whole grid).</summary>
    public int Random { get; init; }

    /// <summary>The seed of the random draw.</summary>
    public long RandomSeed { get; init; }

    /// <summary>Returns the number of grid points.</summary>
    public long GridSize => Parameters.Aggregate(1L, (n, p) => n * p.Values.Count > MaxTrials * 1000 ? MaxTrials * 1000 : n * p.Values.Count);

    /// <summary>Returns each trial's grid point (its value index per parameter), trial 0 first.</summary>
    /// <exception cref="ArgumentException">The grid is too large, or the random draw asks for more points than it has.</exception>
    public IReadOnlyList<int[]> Trials()
    {
        long grid = GridSize;
        if (Random == 0 && grid > MaxTrials)
            throw new ArgumentException($"the grid has {grid:N0} points, more than the {MaxTrials:N0} a sweep may run; draw some with --random N");
        if (Random > grid)
            throw new ArgumentException($"--random {Random} asks for more trials than the grid's {grid:N0} points");
        if (Random > MaxTrials)
            throw new ArgumentException($"--random {Random} is more than the {MaxTrials:N0} trials a sweep may run");
        var points = new List<long>();
        if (Random == 0)
        {
            for (long k = 0; k < grid; k++)
                points.Add(k);
        }
        else
        {
            // Distinct points in draw order (Floyd's sampling would reorder; rejection keeps it simple and exact).
            var seen = new HashSet<long>();
            ulong state = unchecked((ulong)RandomSeed);
            while (points.Count < Random)
            {
                long k = (long)(SplitMix64(ref state) % (ulong)grid);
                if (seen.Add(k))
                    points.Add(k);
            }
        }
        return [.. points.Select(Point)];
    }

    /// <summary>Returns the configuration JSON of a grid point: the base with each parameter's value at its path.</summary>
    public string ConfigJson(int[] point) => ConfigJson(point, -1);

    private string ConfigJson(int[] point, int only)
    {
        var root = JsonNode.Parse(BaseConfigJson.Length == 0 ? "{}" : BaseConfigJson) as JsonObject
            ?? throw new ArgumentException("the base configuration is not a JSON object");
        for (int i = 0; i < Parameters.Count; i++)
        {
            if ((only >= 0 && i != only) || IsStrategy(Parameters[i]))
                continue;
            Put(root, Parameters[i].Path.Split('.'), Parameters[i], point[i], "the base configuration");
        }
        return root.ToJsonString();
    }

    /// <summary>
    /// Returns the user strategies of a grid point: each one's parameters with the point's
    /// <c>strategy.BOOK.KEY</c> values written in, checked by the strategy itself (its <c>Create</c>). Without such
    /// parameters, <paramref name="specs"/> as they are.
    /// </summary>
    /// <exception cref="ArgumentException">A path names no strategy's book, or a strategy refuses the values: the message names them.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public IReadOnlyList<StrategySpec> Strategies(int[] point, IReadOnlyList<StrategySpec> specs, StrategyRegistry registry, IReadOnlyList<string> symbols)
    {
        if (!Parameters.Any(IsStrategy))
            return specs;
        var parameters = new JsonObject?[specs.Count];
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (!IsStrategy(Parameters[i]))
                continue;
            var segments = Parameters[i].Path[StrategyPrefix.Length..].Split('.');
            if (segments.Length < 2 || segments.Any(string.IsNullOrEmpty))
                throw new ArgumentException($"--vary {Parameters[i].Path}: a strategy's parameter is strategy.BOOK.KEY");
            int s = specs.Select((spec, n) => (spec, n)).FirstOrDefault(x => x.spec.Name == segments[0], (null!, -1)).Item2;
            if (s < 0)
                throw new ArgumentException($"--vary {Parameters[i].Path}: no --strategy has the book '{segments[0]}' ({(specs.Count == 0 ? "no --strategy is given" : "their books: " + string.Join(", ", specs.Select(x => x.Name)))})");
            parameters[s] ??= JsonNode.Parse(specs[s].ParametersJson) as JsonObject ?? [];
            Put(parameters[s]!, segments[1..], Parameters[i], point[i], $"strategy '{segments[0]}''s parameters");
        }
        var result = specs.ToArray();
        for (int s = 0; s < result.Length; s++)
        {
            if (parameters[s] is null)
                continue;
            try
            {
                result[s] = StrategyHost.WithParameters(specs[s], parameters[s]!.ToJsonString(), registry, symbols);
            }
            catch (StrategyLoadException e)
            {
                throw new ArgumentException($"--vary {Describe(point)}: {e.Message}", e);
            }
        }
        return result;
    }

    /// <summary>Whether a parameter sets a user strategy's parameter (<c>strategy.BOOK.KEY</c>) rather than the configuration.</summary>
    public static bool IsStrategy(SweepParameter p) => p.Path.StartsWith(StrategyPrefix, StringComparison.Ordinal);

    private static void Put(JsonObject root, string[] segments, SweepParameter parameter, int value, string what)
    {
        JsonObject node = root;
        foreach (var name in segments[..^1])
        {
            if (node[name] is not JsonObject child)
            {
                if (node[name] is not null)
                    throw new ArgumentException($"--vary {parameter.Path}: '{name}' in {what} is not an object");
                node[name] = child = [];
            }
            node = child;
        }
        node[segments[^1]] = SweepParameter.ToJson(parameter.Values[value]);
    }

    /// <summary>Returns the validated settings of a grid point.</summary>
    /// <exception cref="ArgumentException">The values do not make a valid configuration: the message names the parameter and value.</exception>
    public EngineSettings Settings(int[] point)
    {
        try
        {
            return EngineConfig.Parse(ConfigJson(point), "--vary " + Describe(point));
        }
        catch (ConfigException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>Returns "path=value, …" of a grid point.</summary>
    public string Describe(int[] point) =>
        string.Join(", ", Parameters.Select((p, i) => $"{p.Path}={p.Values[point[i]]}"));

    /// <summary>
    /// Checks every parameter's every value against the configuration's rules for its own path (type, range, a known
    /// key), each alone on the base: so a bad value is named as such, not as the first trial that holds it.
    /// </summary>
    /// <exception cref="ArgumentException">A path or value is refused: the message names it, as a configuration file's error does.</exception>
    public void Validate()
    {
        var point = new int[Parameters.Count];
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (IsStrategy(Parameters[i]))
                continue; // checked with the strategies loaded (Strategies), trial by trial
            for (int v = 0; v < Parameters[i].Values.Count; v++)
            {
                point[i] = v;
                string label = $"--vary {Parameters[i].Path}={Parameters[i].Values[v]}";
                try
                {
                    EngineConfig.Parse(ConfigJson(point, i), label);
                }
                catch (ConfigException e) when (("$." + Parameters[i].Path).StartsWith(e.JsonPath, StringComparison.Ordinal))
                {
                    // The value itself (or its path) is wrong; a rule across fields (exitZ below entryZ) is checked on
                    // each trial's whole configuration instead, since another varied field may satisfy it.
                    throw new ArgumentException(e.Message, e);
                }
                catch (ConfigException)
                {
                }
            }
            point[i] = 0;
        }
    }

    /// <summary>Returns a hash of everything that decides the trials: the base configuration, the parameters and the draw.</summary>
    public ulong Hash()
    {
        var text = new StringBuilder(BaseConfigJson).Append('\n');
        foreach (var p in Parameters)
            text.Append(p.Path).Append('=').AppendJoin(',', p.Values).Append('\n');
        text.Append(Random.ToString(CultureInfo.InvariantCulture)).Append('/').Append(RandomSeed.ToString(CultureInfo.InvariantCulture));
        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private int[] Point(long k)
    {
        var point = new int[Parameters.Count];
        for (int i = Parameters.Count - 1; i >= 0; i--)
        {
            point[i] = (int)(k % Parameters[i].Values.Count);
            k /= Parameters[i].Values.Count;
        }
        return point;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
