using System.Globalization;
using System.Text.Json.Nodes;

namespace QpsFast.Sweep;

/// <summary>
/// One varied field of a sweep: a configuration path (<c>alphas.pairs.entryZ</c>) and the values it takes, from
/// <c>PATH=A:B:STEP</c> (A, A + STEP, … up to B inclusive, in exact decimal steps) or <c>PATH=V1,V2,…</c> (numbers,
/// <c>true</c>/<c>false</c>, or names such as <c>NextBarOpen</c>).
/// </summary>
public sealed record SweepParameter(string Path, IReadOnlyList<string> Values)
{
    /// <summary>The most values one parameter may take.</summary>
    public const int MaxValues = 100_000;

    /// <summary>Parses <c>PATH=A:B:STEP</c> or <c>PATH=V1,V2,…</c>.</summary>
    /// <exception cref="FormatException">It is neither: the message says what is wrong.</exception>
    public static SweepParameter Parse(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw new FormatException($"--vary '{text}': expected PATH=A:B:STEP or PATH=V1,V2,… (for example alphas.pairs.entryZ=1.5:3.0:0.25)");
        string path = text[..eq].Trim();
        if (path.Split('.').Any(p => p.Length == 0))
            throw new FormatException($"--vary '{text}': '{path}' is not a configuration path (names joined by '.', for example alphas.pairs.window)");
        string spec = text[(eq + 1)..].Trim();
        var values = spec.Contains(':', StringComparison.Ordinal) ? Range(text, spec) : List(text, spec);
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            throw new FormatException($"--vary '{text}': a value is given twice");
        return new SweepParameter(path, values);
    }

    /// <summary>Returns the JSON value of <paramref name="value"/>: a number, a boolean, or a string.</summary>
    public static JsonNode ToJson(string value) =>
        value is "true" or "false" ? JsonValue.Create(value == "true")
        : decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) ? JsonValue.Create(d)
        : JsonValue.Create(value);

    private static List<string> Range(string text, string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length != 3 || !parts.All(p => decimal.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"--vary '{text}': a range is A:B:STEP, three numbers (for example 1.5:3.0:0.25)");
        var (from, to, step) = (Number(parts[0]), Number(parts[1]), Number(parts[2]));
        if (step <= 0)
            throw new FormatException($"--vary '{text}': the step must be above 0 (got {parts[2]})");
        if (to < from)
            throw new FormatException($"--vary '{text}': the range ends ({parts[1]}) below its start ({parts[0]})");
        decimal count = decimal.Floor((to - from) / step) + 1;
        if (count > MaxValues)
            throw new FormatException($"--vary '{text}': {count:0} values, more than the {MaxValues:N0} a parameter may take");
        var values = new List<string>((int)count);
        for (int i = 0; i < (int)count; i++)
            values.Add((from + i * step).ToString("G29", CultureInfo.InvariantCulture)); // G29: no trailing zeros (2, not 2.00)
        return values;
    }

    private static List<string> List(string text, string spec)
    {
        var values = spec.Split(',').Select(v => v.Trim()).ToList();
        if (values.Any(v => v.Length == 0))
            throw new FormatException($"--vary '{text}': an empty value in the list");
        if (values.Count > MaxValues)
            throw new FormatException($"--vary '{text}': more than the {MaxValues:N0} values a parameter may take");
        return values;
    }

    private static decimal Number(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
