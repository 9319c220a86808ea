namespace QpsFast.Engine.Config;

/// <summary>A configuration problem: names the file, the JSON path, the value and what is allowed.</summary>
public sealed class ConfigException(string file, string path, string message) : Exception($"{file}: {path}: {message}")
{
    /// <summary>Returns the file.</summary>
    public string File { get; } = file;

    /// <summary>Returns the JSON path of the problem ("$.risk.maxOrderQuantity").</summary>
    public string JsonPath { get; } = path;
}
