using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Readers;

/// <summary>
/// Sums one-minute bars' volumes per UTC day as a reader goes, so that data whose aggregated volumes would overflow
/// the fixed-point range is refused where it enters, naming the row (<see cref="TimeframeAggregator.MaxDailyVolumeRaw"/>).
/// </summary>
internal struct DailyVolume
{
    private const long DayNs = 86_400_000_000_000;
    private long _day;
    private long _sum;

    /// <summary>Adds a bar closing at <paramref name="timeNs"/>; returns false when its day's sum goes over the limit.</summary>
    public bool Add(long timeNs, long volume)
    {
        long day = Math.DivRem(timeNs - 1, DayNs, out long rem) - (rem < 0 ? 1 : 0);
        if (day != _day)
            (_day, _sum) = (day, 0);
        _sum = _sum > TimeframeAggregator.MaxDailyVolumeRaw - volume ? long.MaxValue : _sum + volume;
        return _sum <= TimeframeAggregator.MaxDailyVolumeRaw;
    }

    /// <summary>Why such data is refused.</summary>
    public static string Problem { get; } =
        $"the one-minute volumes of this UTC day sum above {FixedPoint.ToDecimal(TimeframeAggregator.MaxDailyVolumeRaw):0.########} (half the fixed-point range): the aggregated volumes would overflow";
}
