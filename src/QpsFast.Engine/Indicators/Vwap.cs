namespace QpsFast.Engine.Indicators;

/// <summary>
/// Rolling volume-weighted average price over the last <c>period</c> bars: Σ(TP × volume) / Σ volume, with the typical
/// price TP = (high + low + close) / 3. This is the <c>ta</c> library's <c>VolumeWeightedAveragePrice</c> (window 14),
/// which its StockCharts test sheet checks; it is not a session VWAP that accumulates from the open. Before the window
/// is full <see cref="Value"/> is the VWAP of the bars seen so far; when the window's volume is 0 it is the last
/// typical price. O(1) per update (running sums re-summed from the window once per <c>period</c> updates),
/// allocation-free after construction.
/// </summary>
public struct Vwap
{
    private RollingWindow _priceVolume;
    private RollingWindow _volume;
    private double _priceVolumeSum;
    private double _volumeSum;
    private int _sinceResum;

    /// <summary>Creates the average.</summary>
    public Vwap(int period)
    {
        _priceVolume = new RollingWindow(period);
        _volume = new RollingWindow(period);
    }

    /// <summary>Returns the current value (valid once <see cref="IsReady"/>).</summary>
    public double Value { readonly get; private set; }

    /// <summary>Returns whether <c>period</c> bars have been seen.</summary>
    public readonly bool IsReady => _volume.IsFull;

    /// <summary>Adds a bar and returns whether the average is ready.</summary>
    public bool Update(double high, double low, double close, double volume)
    {
        double typical = (high + low + close) / 3;
        double priceVolume = typical * volume;
        double evictedPriceVolume = _priceVolume.Push(priceVolume);
        double evictedVolume = _volume.Push(volume);
        _priceVolumeSum += priceVolume;
        _volumeSum += volume;
        if (!double.IsNaN(evictedVolume))
        {
            _priceVolumeSum -= evictedPriceVolume;
            _volumeSum -= evictedVolume;
        }
        if (++_sinceResum == _volume.Capacity)
        {
            _sinceResum = 0;
            _priceVolumeSum = _priceVolume.Sums(0).Sum;
            _volumeSum = _volume.Sums(0).Sum;
        }
        Value = _volumeSum > 0 ? _priceVolumeSum / _volumeSum : typical;
        return IsReady;
    }
}
