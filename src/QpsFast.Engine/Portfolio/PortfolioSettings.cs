namespace QpsFast.Engine.Portfolio;

/// <summary>Portfolio accounting settings.</summary>
/// <param name="CapitalPerAlpha">Starting cash of each alpha's book.</param>
/// <param name="MarkIntervalMinutes">Marks are journaled each time event time crosses a multiple of this interval, and at session end.</param>
public sealed record PortfolioSettings(decimal CapitalPerAlpha = 100_000m, int MarkIntervalMinutes = 60);
