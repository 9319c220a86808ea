using System.Text.Json;

namespace QpsFast.Engine.Strategies;

/// <summary>
/// A strategy the engine can build by itself from its recorded parameters: what <c>qps live --strategy</c> loads
/// from a user's assembly, and what replay rebuilds from a journal's manifest. Implement it on the strategy struct.
/// </summary>
/// <typeparam name="TSelf">The strategy struct itself.</typeparam>
public interface IStrategyFactory<TSelf> : IStrategy where TSelf : struct, IStrategyFactory<TSelf>
{
    /// <summary>
    /// Creates the strategy for one run. It must describe exactly one book with <see cref="StrategyArgs.Source"/>, and
    /// be a pure function of the arguments (replay creates it again from the same ones).
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is missing or invalid: the message names it.</exception>
    static abstract TSelf Create(StrategyArgs args);
}

/// <summary>What a strategy is created from.</summary>
/// <param name="Source">The source id its signals must carry (its book).</param>
/// <param name="Parameters">Its parameters: a JSON object (empty when none were given).</param>
/// <param name="Symbols">The run's symbol names, by id.</param>
public sealed record StrategyArgs(byte Source, JsonElement Parameters, IReadOnlyList<string> Symbols)
{
    /// <summary>Returns an integer parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">It is present but not an integer.</exception>
    public int Int(string name, int fallback) =>
        Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new ArgumentException($"parameter '{name}' must be an integer (got {v.GetRawText()})")
            : fallback;

    /// <summary>Returns a decimal parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">It is present but not a number.</exception>
    public decimal Decimal(string name, decimal fallback) =>
        Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out decimal d) ? d : throw new ArgumentException($"parameter '{name}' must be a number (got {v.GetRawText()})")
            : fallback;

    /// <summary>Returns a boolean parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ArgumentException">It is present but not true or false.</exception>
    public bool Bool(string name, bool fallback) =>
        Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var v)
            ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new ArgumentException($"parameter '{name}' must be true or false (got {v.GetRawText()})")
            : fallback;
}
