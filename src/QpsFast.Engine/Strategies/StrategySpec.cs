using System.Text.Json;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// A user strategy as a run's manifest records it: enough to build it again. The type is found by its full name in
/// a <see cref="StrategyRegistry"/>; the assembly's identity and content hash say whether it is still the code that ran.
/// </summary>
/// <param name="Name">The book's stable name (from the strategy's <see cref="StrategyInfo"/>).</param>
/// <param name="Source">Its source id.</param>
/// <param name="TypeName">The strategy struct's full type name.</param>
/// <param name="AssemblyName">The assembly's simple name.</param>
/// <param name="AssemblyVersion">The assembly's version.</param>
/// <param name="AssemblySha256">The SHA-256 of the assembly file (hex), or "" when it was not loaded from a file.</param>
/// <param name="AssemblyPath">Where the assembly was loaded from, or "".</param>
/// <param name="ParametersJson">Its parameters, a JSON object.</param>
/// <param name="FlattenAtSessionEnd">Whether the engine flattens its book at session end.</param>
public sealed record StrategySpec(string Name, byte Source, string TypeName, string AssemblyName, string AssemblyVersion,
    string AssemblySha256, string AssemblyPath, string ParametersJson, bool FlattenAtSessionEnd)
{
    /// <summary>Writes the spec as a JSON object.</summary>
    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteNumber("source", Source);
        w.WriteString("type", TypeName);
        w.WriteStartObject("assembly");
        w.WriteString("name", AssemblyName);
        w.WriteString("version", AssemblyVersion);
        w.WriteString("sha256", AssemblySha256);
        w.WriteString("path", AssemblyPath);
        w.WriteEndObject();
        w.WritePropertyName("parameters");
        w.WriteRawValue(ParametersJson);
        w.WriteBoolean("flatten_at_session_end", FlattenAtSessionEnd);
        w.WriteEndObject();
    }

    /// <summary>Reads a spec written by <see cref="Write"/>.</summary>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong type.</exception>
    public static StrategySpec Read(JsonElement e)
    {
        var a = e.GetProperty("assembly");
        int source = e.GetProperty("source").GetInt32();
        if (source is < 0 or > 255)
            throw new InvalidOperationException($"source {source} is out of range");
        return new StrategySpec(
            e.GetProperty("name").GetString() ?? "", (byte)source, e.GetProperty("type").GetString() ?? "",
            a.GetProperty("name").GetString() ?? "", a.GetProperty("version").GetString() ?? "", a.GetProperty("sha256").GetString() ?? "", a.GetProperty("path").GetString() ?? "",
            e.GetProperty("parameters").GetRawText(), e.GetProperty("flatten_at_session_end").GetBoolean());
    }
}
