namespace QpsFast.Engine.Records;

/// <summary>The components that write records (<see cref="Record.Source"/>).</summary>
public static class SourceId
{
    /// <summary>The feed: market data and control records.</summary>
    public const byte Feed = 0;

    /// <summary>The multi-timeframe aggregator.</summary>
    public const byte Aggregator = 1;

    /// <summary>The first alpha; alpha <c>i</c> is <c>FirstAlpha + i</c>.</summary>
    public const byte FirstAlpha = 10;

    /// <summary>Risk.</summary>
    public const byte Risk = 40;

    /// <summary>The paper broker.</summary>
    public const byte Broker = 41;

    /// <summary>The portfolio (totals).</summary>
    public const byte Portfolio = 42;
}
