using System.Text;
using System.Text.Json;
using QpsFast.Engine.Config;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Strategies;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>
/// What replay needs to rebuild a run's pipeline, recorded as JSON in the first segment's header: the symbols, the
/// data seed, the topology it ran with, the complete configuration, and every user strategy (name, source id, type,
/// assembly name, version, SHA-256 and path, parameters) after the five built-in alphas.
/// </summary>
public sealed record SessionManifest(string Session, IReadOnlyList<string> Symbols, long Seed, string Topology, EngineSettings Settings)
{
    /// <summary>The user strategies, in book order after the built-in alphas (written only when there are any).</summary>
    public IReadOnlyList<StrategySpec> Strategies { get; init; } = [];

    /// <summary>
    /// The outside venue the session traded with (<c>HOST:PORT</c>), or null for the in-process simulated venue. With
    /// one, fills come only from the journaled execution reports, in replay too.
    /// </summary>
    public string? Venue { get; init; }

    /// <summary>Returns every book's source id and name, built-in alphas first.</summary>
    public IReadOnlyList<(byte Source, string Name)> Books =>
        [.. BuiltInStages.AlphaSources.Select(s => (s, AlphaIds.NameOf(s))), .. Strategies.Select(s => (s.Source, s.Name))];

    /// <summary>Returns the manifest as JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("session", Session);
            w.WriteStartArray("symbols");
            foreach (var s in Symbols)
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteNumber("seed", Seed);
            w.WriteString("topology", Topology);
            w.WritePropertyName("config");
            EngineConfig.Write(w, Settings);
            if (Venue is not null)
                w.WriteString("venue", Venue);
            if (Strategies.Count > 0)
            {
                w.WriteStartArray("strategies");
                foreach (var spec in Strategies)
                    spec.Write(w);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses a manifest recorded by <see cref="ToJson"/>.</summary>
    /// <exception cref="ConfigException">The manifest is missing or invalid.</exception>
    public static SessionManifest Parse(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var symbols = root.GetProperty("symbols").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            var settings = EngineConfig.Parse(root.GetProperty("config").GetRawText(), source + " (recorded configuration)");
            var strategies = root.TryGetProperty("strategies", out var list) ? list.EnumerateArray().Select(StrategySpec.Read).ToArray() : [];
            try
            {
                StrategyCheck.Validate([.. strategies.Select(s => new StrategyInfo(s.Source, s.Name))]);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException(source, "$.strategies", e.Message);
            }
            return new SessionManifest(root.GetProperty("session").GetString() ?? "", symbols, root.GetProperty("seed").GetInt64(), TopologyNames.Parse(root.GetProperty("topology").GetString() ?? "").Name(), settings)
            {
                Strategies = strategies,
                Venue = root.TryGetProperty("venue", out var venue) ? venue.GetString() : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new ConfigException(source, "$", $"the journal's session manifest is missing or invalid: {e.Message}");
        }
    }
}
