using QpsFast.Engine.Values;

namespace QpsFast.Venue.Matching;

/// <summary>The venue's rules (docs/protocol.md): fees, book depth, capacity.</summary>
public sealed record VenueSettings
{
    /// <summary>Fee per fill in basis points of notional.</summary>
    public decimal FeeBps { get; init; } = 1m;

    /// <summary>Minimum fee per fill (money).</summary>
    public decimal MinFee { get; init; }

    /// <summary>Book levels kept per side.</summary>
    public int BookLevels { get; init; } = 20;

    /// <summary>Open orders the venue holds at once (more are rejected).</summary>
    public int MaxOpenOrders { get; init; } = 4096;

    internal long FeeRateRaw => Money.Create(FeeBps / 10_000m).Raw;

    internal long MinFeeRaw => Money.Create(MinFee).Raw;
}
