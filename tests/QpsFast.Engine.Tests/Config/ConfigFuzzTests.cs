using System.Text.Json.Nodes;
using CsCheck;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using Xunit.Abstractions;

namespace QpsFast.Engine.Tests.Config;

/// <summary>
/// Fuzzing the configuration validator (issue 12, item 9): the default configuration with values replaced by hostile
/// JSON (other types, huge, tiny, negative, NaN-like strings, nested), keys dropped, unknown keys added, keys given
/// twice, and the text cut. Property: <see cref="EngineConfig.Parse"/> returns settings or throws one
/// <see cref="ConfigException"/> naming the file; never another exception; and the settings it accepts build an engine.
/// </summary>
public sealed class ConfigFuzzTests(ITestOutputHelper output)
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("QPS_FUZZ_CASES"), out int n) && n > 0 ? n : 300;

    private static readonly string[] s_values =
    [
        "0", "-1", "1", "2", "0.5", "1e400", "-1e400", "1e11", "90000001", "90000000", "9.3e10", "1e-9", "0.000000001", "123456789012345678901234567890",
        "true", "false", "null", "\"\"", "\"NextBarOpen\"", "\"1\"", "\"nan\"", "[]", "[5, 15, 60]", "[1]", "[0]", "[1441]", "{}", "{\"x\": 1}", "65533", "65534", "4", "7",
    ];

    public sealed record Edit(int Op, int Path, int Value, double Cut);

    private static readonly Gen<Edit[]> s_edits =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10_000], Gen.Int[0, s_values.Length - 1], Gen.Double[0, 1])
            .Select((op, path, value, cut) => new Edit(op, path, value, cut)).Array[1, 4];

    private static List<(JsonObject Parent, string Key)> Leaves(JsonNode node, List<(JsonObject, string)> into)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o.ToList())
            {
                into.Add((o, k));
                if (v is not null)
                    Leaves(v, into);
            }
        }
        return into;
    }

    private static string Apply(string json, Edit[] edits)
    {
        var root = JsonNode.Parse(json)!;
        string? duplicate = null;
        double cut = 1;
        foreach (var e in edits)
        {
            var leaves = Leaves(root, []);
            var (parent, key) = leaves[e.Path % leaves.Count];
            switch (e.Op)
            {
                case 0: parent[key] = JsonNode.Parse(s_values[e.Value]); break;
                case 1: parent.Remove(key); break;
                case 2: parent["unknown" + e.Value] = JsonNode.Parse(s_values[e.Value]); break;
                case 3: duplicate = key; break;
                default: cut = e.Cut; break;
            }
        }
        string text = root.ToJsonString();
        if (duplicate is not null)
        {
            // The same key twice in its object: text-level, as a hand-edited file would have it.
            int at = text.IndexOf($"\"{duplicate}\":", StringComparison.Ordinal);
            if (at >= 0)
                text = text[..at] + $"\"{duplicate}\": 1, " + text[at..];
        }
        return cut < 1 ? text[..(int)(cut * text.Length)] : text;
    }

    [Fact]
    public void MutatedConfigurations_AreAcceptedOrRefusedNamingThePath_NeverCrash_AndWhatIsAcceptedRuns()
    {
        string valid = File.ReadAllText(RepoFiles.PathOf("data/default-config.json"));
        int accepted = 0, refused = 0;
        for (int k = 0; k < Cases; k++)
        {
            var pcg = new PCG(13, (ulong)k);
            string seed = pcg.ToString();
            var edits = s_edits.Generate(pcg, null, out _);
            string text = Apply(valid, edits);
            try
            {
                var settings = EngineConfig.Parse(text, "fuzz.json");
                // What validates must build: the engine's own checks (outbox budget, symbols) are usage errors at worst.
                try
                {
                    _ = new EngineBuilder(settings, ["A", "B", "C", "D"]).Build(new StatsSink(new StreamStats()));
                }
                catch (ArgumentException)
                {
                    // a usage error with its reason: fine
                }
                accepted++;
            }
            catch (ConfigException e)
            {
                Assert.StartsWith("fuzz.json: ", e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {k} (seed {seed}, edits {string.Join("; ", edits.Select(x => x.ToString()))}): {e.GetType().Name}: {e.Message}\n{text}");
            }
        }
        output.WriteLine($"config: {Cases} mutated files: {accepted} accepted (and built), {refused} refused naming the path; 0 crashes");
    }
}
