namespace QpsFast.Engine.Risk;

/// <summary>
/// The times of the last <c>max</c> orders (a ring: the oldest is where the next one goes), for the orders-per-minute
/// limit. The broker records every order it makes; risk reads it before each new one.
/// </summary>
internal sealed class OrderRateWindow
{
    private const long MinuteNs = 60_000_000_000;
    private readonly long[] _times;
    private int _head;

    public OrderRateWindow(int maxPerMinute)
    {
        Max = maxPerMinute;
        _times = new long[Math.Max(1, maxPerMinute)];
        _times.AsSpan().Fill(long.MinValue);
    }

    /// <summary>The limit; 0 disables it.</summary>
    public int Max { get; }

    /// <summary>Returns whether one more order at <paramref name="now"/> would exceed the limit.</summary>
    public bool Full(long now)
    {
        long oldest = _times[_head];
        return Max > 0 && oldest != long.MinValue && now - oldest < MinuteNs;
    }

    /// <summary>Records an order made at <paramref name="now"/>.</summary>
    public void Record(long now)
    {
        if (Max <= 0)
            return;
        _times[_head] = now;
        _head = (_head + 1) % _times.Length;
    }
}
