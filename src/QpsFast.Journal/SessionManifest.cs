using System.Text;
using System.Text.Json;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;

namespace QpsFast.Journal;

/// <summary>
/// What replay needs to rebuild a run's pipeline, recorded as JSON in the first segment's header: the symbols, the
/// data seed, the topology it ran with, and the complete configuration.
/// </summary>
public sealed record SessionManifest(string Session, IReadOnlyList<string> Symbols, long Seed, string Topology, EngineSettings Settings)
{
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
            return new SessionManifest(root.GetProperty("session").GetString() ?? "", symbols, root.GetProperty("seed").GetInt64(), root.GetProperty("topology").GetString() ?? "fused", settings);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ConfigException(source, "$", $"the journal's session manifest is missing or invalid: {e.Message}");
        }
    }
}
