namespace QpsFast.Engine.Indicators;

/// <summary>
/// Williams %R over <c>period</c> bars: (highest high − close) / (highest high − lowest low) × −100, in [−100, 0].
/// The window includes the current bar. 0 when the window has no range, as TA-Lib does. Amortized O(1) per update
/// (the <see cref="Donchian"/> monotonic queues), allocation-free after construction.
/// </summary>
public struct WilliamsR
{
    private Donchian _channel;

    /// <summary>Creates the indicator.</summary>
    public WilliamsR(int period) => _channel = new Donchian(period);

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> bars have been seen.</summary>
    public readonly bool IsReady => _channel.IsReady;

    /// <summary>Adds a bar and returns whether the indicator is ready.</summary>
    public bool Update(double high, double low, double close)
    {
        _channel.Update(high, low);
        double range = _channel.Upper - _channel.Lower;
        Value = range == 0 ? 0 : (_channel.Upper - close) / range * -100;
        return _channel.IsReady;
    }
}
