using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json.Nodes;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;

namespace QpsFast.Sweep;

/// <summary>
/// What a sweep runs: a base configuration (JSON text), the varied parameters, and which of their combinations are
/// trials: the whole grid (the first parameter varying slowest), or <see cref="Random"/> distinct grid points drawn
/// with <see cref="RandomSeed"/> (SplitMix64, so the same on every machine and runtime). Trial k's settings are the base
/// with the k-th combination's values written at their paths, validated as a configuration file is.
/// </summary>
public sealed record SweepPlan(string BaseConfigJson, IReadOnlyList<SweepParameter> Parameters)
{
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
            if (only >= 0 && i != only)
                continue;
            var segments = Parameters[i].Path.Split('.');
            JsonObject node = root;
            foreach (var name in segments[..^1])
            {
                if (node[name] is not JsonObject child)
                {
                    if (node[name] is not null)
                        throw new ArgumentException($"--vary {Parameters[i].Path}: '{name}' in the base configuration is not an object");
                    node[name] = child = [];
                }
                node = child;
            }
            node[segments[^1]] = SweepParameter.ToJson(Parameters[i].Values[point[i]]);
        }
        return root.ToJsonString();
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
