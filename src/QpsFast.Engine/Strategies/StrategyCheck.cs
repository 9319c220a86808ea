using QpsFast.Engine.Alphas;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Strategies;

/// <summary>Checks the books strategies describe before an engine is built.</summary>
public static class StrategyCheck
{
    /// <summary>Returns <paramref name="books"/> if every source id is a user id used once and every name is valid and unique.</summary>
    /// <exception cref="ArgumentException">The first problem, named.</exception>
    public static IReadOnlyList<StrategyInfo> Validate(IReadOnlyList<StrategyInfo> books)
    {
        var sources = new HashSet<byte>();
        var names = new HashSet<string>(StringComparer.Ordinal) { "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance", "portfolio" };
        foreach (var b in books)
        {
            if (b.Source < AlphaIds.FirstUser || b.Source >= SourceId.Risk)
                throw new ArgumentException($"strategy '{b.Name}': source id {b.Source} is outside the user range [{AlphaIds.FirstUser}, {SourceId.Risk})");
            if (!sources.Add(b.Source))
                throw new ArgumentException($"strategy '{b.Name}': source id {b.Source} is used by another strategy");
            if (string.IsNullOrEmpty(b.Name) || b.Name.Length > 64 || !b.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"strategy name '{b.Name}' must be 1 to 64 letters, digits, '-', '_' or '.'");
            if (b.RecordsPerInput is < 1 or > 32)
                throw new ArgumentException($"strategy '{b.Name}': RecordsPerInput {b.RecordsPerInput} is outside 1 to 32");
            if (!names.Add(b.Name))
                throw new ArgumentException($"strategy name '{b.Name}' is taken");
        }
        return [.. books];
    }
}
