using System.Text.Json;

namespace QpsFast.Dashboard;

/// <summary>
/// The sessions under a logs folder (each <c>logs/&lt;id&gt;/</c> with a journal), each followed by one shared
/// <see cref="SessionTail"/>, and what the files beside the journal say: the live run's throughput and digest
/// (<c>live.json</c>), the replay's verdict (<c>results.json</c>; STALE when it verified another digest than the run's),
/// the report's metrics (<c>results_detailed.json</c>) and <c>report.html</c>.
/// </summary>
public sealed class SessionIndex(string logs)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SessionTail> _tails = new(StringComparer.Ordinal); // lookups only

    /// <summary>The logs folder.</summary>
    public string Logs => logs;

    /// <summary>Returns whether <paramref name="id"/> can name a session folder (<see cref="QpsFast.Replay.SessionId"/>).</summary>
    public static bool IsValidId(string id) => QpsFast.Replay.SessionId.IsValid(id);

    /// <summary>The session named <paramref name="id"/>, or null when there is no such folder.</summary>
    public SessionTail? Find(string id)
    {
        if (!IsValidId(id))
            return null;
        string dir = Path.Combine(logs, id);
        if (!Directory.Exists(dir))
            return null;
        lock (_lock)
        {
            if (!_tails.TryGetValue(id, out var tail))
                _tails[id] = tail = new SessionTail(id, dir);
            return tail;
        }
    }

    /// <summary>Every session folder, newest first (by creation, then name).</summary>
    public IReadOnlyList<SessionTail> All()
    {
        if (!Directory.Exists(logs))
            return [];
        return [.. new DirectoryInfo(logs).EnumerateDirectories()
            .Where(d => IsValidId(d.Name) && (Directory.Exists(Path.Combine(d.FullName, "journal")) || File.Exists(Path.Combine(d.FullName, "live.json"))))
            .OrderByDescending(d => d.CreationTimeUtc).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => Find(d.Name)).OfType<SessionTail>()]; // a folder removed meanwhile is left out
    }

    /// <summary>A session file's JSON root, or null when it is missing or unreadable (it is then not shown).</summary>
    public static JsonElement? ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The replay verdict: PASS, FAIL or PARTIAL from results.json, STALE when it checked another digest than live.json's, or "not verified".</summary>
    public static string Verdict(string directory)
    {
        string path = Path.Combine(directory, "results.json");
        if (!File.Exists(path))
            return "not verified";
        var results = ReadJson(path);
        if (Text(results, "verdict") is not { } verdict)
            return "unreadable results.json";
        string? checkedDigest = results is { } r && r.TryGetProperty("digests", out var d) ? Text(d, "live") : null;
        string? runDigest = Text(ReadJson(Path.Combine(directory, "live.json")), "digest");
        return checkedDigest is not null && runDigest is not null && checkedDigest != runDigest ? "STALE" : verdict;
    }

    /// <summary>A string property of a JSON object, or null when the file, the property or its type is not as written by qps.</summary>
    public static string? Text(JsonElement? e, string key) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number property of a JSON object, or null when the file, the property or its type is not as written by qps.</summary>
    public static double? Number(JsonElement? e, string key) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
