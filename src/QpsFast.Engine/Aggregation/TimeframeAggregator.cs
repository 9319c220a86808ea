using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Aggregation;

/// <summary>
/// Builds higher-timeframe bars (default 5m, 15m, 1h) from 1-minute bars and appends each to the outbox only once it
/// is complete, so no stage ever sees a bar before its period has ended (no look-ahead).
/// </summary>
/// <remarks>
/// Bars are stamped at their close. A 1-minute bar closing at <c>t</c> covers (t − 1m, t] and belongs to the bucket
/// that contains <c>t − 1m</c>; buckets are aligned to the Unix epoch. A bucket is emitted when the 1-minute bar that
/// closes exactly at its end arrives, or, if minutes are missing (a weekend, a halt), when the first bar of a later
/// bucket arrives; the emitted bar is stamped with its bucket's end either way.
/// </remarks>
public struct TimeframeAggregator : IStage
{
    /// <summary>
    /// The largest sum (raw) of the one-minute volumes of one UTC day: half the fixed-point range, so that any bar the
    /// aggregator builds (at most 1,440 minutes, so within two days) sums within it. Readers refuse data that exceeds
    /// it; the aggregator's sum is checked besides.
    /// </summary>
    public const long MaxDailyVolumeRaw = long.MaxValue / 2;

    private const long MinuteNs = 60_000_000_000;
    private readonly int[] _timeframes;
    private readonly long[] _bucketEnd;   // [symbol * tfCount + tf]; 0 = no bar building
    private readonly long[] _lastEnd;     // [symbol * tfCount + tf]: the end of the bucket the last bar fell in (saves a division)
    private readonly BarPayload[] _building;
    private readonly int _maxSymbols;

    /// <summary>Creates the aggregator for symbols 0..<paramref name="maxSymbols"/>−1.</summary>
    public TimeframeAggregator(int maxSymbols, params int[] timeframeMinutes)
    {
        if (timeframeMinutes.Length == 0)
            timeframeMinutes = [5, 15, 60];
        foreach (var tf in timeframeMinutes)
            ArgumentOutOfRangeException.ThrowIfLessThan(tf, 2, nameof(timeframeMinutes));
        _timeframes = [.. timeframeMinutes];
        _maxSymbols = maxSymbols;
        _bucketEnd = new long[maxSymbols * _timeframes.Length];
        _lastEnd = new long[maxSymbols * _timeframes.Length];
        _building = new BarPayload[maxSymbols * _timeframes.Length];
    }

    /// <summary>Returns the timeframes in minutes.</summary>
    public readonly ReadOnlySpan<int> Timeframes => _timeframes;

    /// <inheritdoc />
    public void Process(ref Slot slot)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Aux != 1 || input.Symbol >= _maxSymbols)
            return;
        long start = input.TimeNs - MinuteNs;
        int baseIndex = input.Symbol * _timeframes.Length;
        for (int i = 0; i < _timeframes.Length; i++)
        {
            long length = _timeframes[i] * MinuteNs;
            int k = baseIndex + i;
            // Most minutes fall in the bucket the last one did: (end − length, end] holds start + 1 exactly when
            // end − length ≤ start < end. Otherwise divide (the same bucket end either way).
            long bucketEnd = _lastEnd[k];
            if (start < bucketEnd - length || start >= bucketEnd)
                _lastEnd[k] = bucketEnd = FloorDiv(start, length) * length + length;
            ref var bar = ref _building[k];
            if (_bucketEnd[k] != 0 && _bucketEnd[k] != bucketEnd)
                Emit(ref slot, input.Symbol, _timeframes[i], _bucketEnd[k], bar); // an earlier bucket, left incomplete by missing minutes
            if (_bucketEnd[k] != bucketEnd)
            {
                _bucketEnd[k] = bucketEnd;
                bar = input.Bar;
            }
            else
            {
                bar.High = Math.Max(bar.High, input.Bar.High);
                bar.Low = Math.Min(bar.Low, input.Bar.Low);
                bar.Close = input.Bar.Close;
                bar.Volume = checked(bar.Volume + input.Bar.Volume); // readers cap a day's sum at MaxDailyVolumeRaw: a bar's sum fits
            }
            if (input.TimeNs == bucketEnd)
            {
                Emit(ref slot, input.Symbol, _timeframes[i], bucketEnd, bar);
                _bucketEnd[k] = 0;
            }
        }
    }

    private static void Emit(ref Slot slot, ushort symbol, int minutes, long closeTime, in BarPayload bar)
    {
        ref var r = ref slot.Append(RecordKind.Bar, SourceId.Aggregator, symbol);
        r.TimeNs = closeTime;
        r.Aux = (ushort)minutes;
        r.Bar = bar;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : (a - b + 1) / b;
}
