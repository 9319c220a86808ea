using System.Text.Json;
using QpsFast.Reporting;

namespace QpsFast.Cli;

/// <summary>Reads the live run's <c>live.json</c> (throughput) for the report, if the session has one.</summary>
internal static class RunFile
{
    /// <exception cref="InvalidDataException">The file is not a live.json qps wrote: the message names it.</exception>
    public static RunThroughput? Read(string sessionDirectory)
    {
        var path = Path.Combine(sessionDirectory, "live.json");
        if (!File.Exists(path))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            return new RunThroughput(r.GetProperty("inputs").GetInt64(), r.GetProperty("elapsed_ms").GetDouble(), r.GetProperty("inputs_per_second").GetDouble(), r.GetProperty("topology").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a live.json written by qps live ({e.Message.ReplaceLineEndings(" ")}); remove it or run the session again");
        }
    }
}
