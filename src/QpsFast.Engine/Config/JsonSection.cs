using System.Globalization;
using System.Text.Json;

namespace QpsFast.Engine.Config;

/// <summary>
/// Reads one JSON object of a configuration file: typed, range-checked fields, and a final check that no key was
/// left unread (unknown keys are errors, so a typo never silently falls back to a default).
/// </summary>
internal sealed class JsonSection
{
    private readonly string _file;
    private readonly string _path;
    private readonly JsonElement _element;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonSection(string file, string path, JsonElement element)
    {
        _file = file;
        _path = path;
        _element = element;
        if (element.ValueKind != JsonValueKind.Object)
            throw new ConfigException(file, path, $"expected an object, found {Describe(element)}");
    }

    private string PathOf(string key) => $"{_path}.{key}";

    private bool TryGet(string key, out JsonElement value)
    {
        _known.Add(key);
        return _element.TryGetProperty(key, out value);
    }

    public JsonSection? Section(string key)
    {
        if (!TryGet(key, out var value))
            return null;
        return new JsonSection(_file, PathOf(key), value);
    }

    public bool Bool(string key, bool fallback)
    {
        if (!TryGet(key, out var v))
            return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ConfigException(_file, PathOf(key), $"expected true or false, found {Describe(v)}"),
        };
    }

    public int Int(string key, int fallback, int min, int max)
    {
        if (!TryGet(key, out var v))
            return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i))
            throw new ConfigException(_file, PathOf(key), $"expected a whole number between {min} and {max}, found {Describe(v)}");
        if (i < min || i > max)
            throw new ConfigException(_file, PathOf(key), $"value {i} is out of range: allowed {min} to {max}");
        return i;
    }

    public long Long(string key, long fallback, long min, long max)
    {
        if (!TryGet(key, out var v))
            return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long i))
            throw new ConfigException(_file, PathOf(key), $"expected a whole number between {min} and {max}, found {Describe(v)}");
        if (i < min || i > max)
            throw new ConfigException(_file, PathOf(key), $"value {i} is out of range: allowed {min} to {max}");
        return i;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        if (!TryGet(key, out var v))
            return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            throw new ConfigException(_file, PathOf(key), $"expected a number between {F(min)} and {F(max)}, found {Describe(v)}");
        if (d < min || d > max)
            throw new ConfigException(_file, PathOf(key), $"value {F(d)} is out of range: allowed {F(min)} to {F(max)}");
        return d;
    }

    public decimal Decimal(string key, decimal fallback, decimal min, decimal max)
    {
        if (!TryGet(key, out var v))
            return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal d))
            throw new ConfigException(_file, PathOf(key), $"expected a number between {min} and {max}, found {Describe(v)}");
        if (d < min || d > max)
            throw new ConfigException(_file, PathOf(key), $"value {d.ToString(CultureInfo.InvariantCulture)} is out of range: allowed {min} to {max}");
        if (decimal.Round(d, Values.FixedPoint.Decimals) != d)
            throw new ConfigException(_file, PathOf(key), $"value {d.ToString(CultureInfo.InvariantCulture)} has more than {Values.FixedPoint.Decimals} decimals");
        return d;
    }

    public T Enum<T>(string key, T fallback) where T : struct, System.Enum
    {
        if (!TryGet(key, out var v))
            return fallback;
        // Names only: Enum.TryParse would also take "0" or "1" for a member's number.
        var names = System.Enum.GetNames<T>();
        string? name = v.ValueKind == JsonValueKind.String ? names.FirstOrDefault(n => string.Equals(n, v.GetString(), StringComparison.OrdinalIgnoreCase)) : null;
        if (name is null)
            throw new ConfigException(_file, PathOf(key), $"expected one of {string.Join(", ", names.Select(n => '"' + n + '"'))}, found {Describe(v)}");
        return System.Enum.Parse<T>(name);
    }

    public int[] IntArray(string key, int[] fallback, int min, int max)
    {
        if (!TryGet(key, out var v))
            return fallback;
        if (v.ValueKind != JsonValueKind.Array)
            throw new ConfigException(_file, PathOf(key), $"expected an array of whole numbers, found {Describe(v)}");
        var result = new List<int>();
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int x) || x < min || x > max)
                throw new ConfigException(_file, $"{PathOf(key)}[{i}]", $"expected a whole number between {min} and {max}, found {Describe(item)}");
            result.Add(x);
            i++;
        }
        return [.. result];
    }

    /// <summary>Fails on the first key that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var p in _element.EnumerateObject())
        {
            if (!_known.Contains(p.Name))
                throw new ConfigException(_file, PathOf(p.Name), $"unknown key (allowed: {string.Join(", ", _known)})");
        }
    }

    private static string F(double d) => d.ToString("G", CultureInfo.InvariantCulture);

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"\"{v.GetString()}\"",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString(),
    };
}
