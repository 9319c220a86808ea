namespace QpsFast.Data.Synthetic;

/// <summary>Settings of the synthetic market (defaults follow the seeds: 4 symbols, 5 days, seed 42).</summary>
/// <param name="Days">Days of 24-hour trading, 1,440 one-minute bars a day.</param>
/// <param name="Symbols">Symbols; the first two form the cointegrated pair, the third trends, the fourth ranges.</param>
/// <param name="Seed">The PRNG seed.</param>
/// <param name="BookLevels">L2 levels per side, emitted after each bar (at least 5).</param>
/// <param name="StartTimeNs">Close time of the first bar's minute start, ns since the Unix epoch (default 2024-01-01T00:00Z).</param>
public sealed record SyntheticOptions(int Days = 5, int Symbols = 4, long Seed = 42, int BookLevels = 5, long StartTimeNs = 1_704_067_200_000_000_000)
{
    /// <summary>Checks the ranges; returns the first problem or null.</summary>
    public string? Validate() =>
        Days is < 1 or > 3650 ? $"days must be between 1 and 3650 (got {Days})"
        : Symbols is < 2 or > 256 ? $"symbols must be between 2 and 256 (got {Symbols})"
        : BookLevels is < 5 or > 20 ? $"book levels must be between 5 and 20 (got {BookLevels})"
        : null;
}
