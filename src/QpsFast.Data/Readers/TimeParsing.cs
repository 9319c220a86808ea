using System.Globalization;

namespace QpsFast.Data.Readers;

/// <summary>Timestamp parsing shared by the readers: ISO 8601 (UTC unless an offset is given) or Unix epochs.</summary>
public static class TimeParsing
{
    private static readonly long s_unixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>
    /// Parses an ISO date or date-time ("2012-02-01 00:00:00+00:00", "2021-12-31 23:01:00.000000", "2006-01-02"),
    /// or a Unix epoch in seconds, milliseconds, microseconds or nanoseconds (chosen by magnitude), into ns since the
    /// Unix epoch (UTC).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out long ns)
    {
        ns = 0;
        if (text.IsEmpty)
            return false;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            // 1e11 s is year 5138; 1e14 ms is 5138; 1e17 µs is 5138: a value's magnitude tells its unit.
            Int128 value = epoch < 100_000_000_000L ? (Int128)epoch * 1_000_000_000
                : epoch < 100_000_000_000_000L ? (Int128)epoch * 1_000_000
                : epoch < 100_000_000_000_000_000L ? (Int128)epoch * 1_000
                : epoch;
            return InRange(value, out ns);
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            return false;
        return InRange(((Int128)dto.UtcTicks - s_unixEpochTicks) * 100, out ns);
    }

    /// <summary>What a time in ns since the Unix epoch can hold, for error messages.</summary>
    public const string Range = "1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z (ns since 1970 in 64 bits)";

    // Outside the long range of ns since 1970 a time would wrap to another date: refuse it instead.
    private static bool InRange(Int128 value, out long ns)
    {
        bool fits = value >= long.MinValue && value <= long.MaxValue;
        ns = fits ? (long)value : 0;
        return fits;
    }

    /// <summary>Returns ns since the Unix epoch for a UTC <see cref="DateTime"/>.</summary>
    public static long ToNs(DateTime utc) => (utc.Ticks - s_unixEpochTicks) * 100;
}
