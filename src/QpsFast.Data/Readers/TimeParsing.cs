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
            ns = epoch < 100_000_000_000L ? epoch * 1_000_000_000
                : epoch < 100_000_000_000_000L ? epoch * 1_000_000
                : epoch < 100_000_000_000_000_000L ? epoch * 1_000
                : epoch;
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            return false;
        ns = (dto.UtcTicks - s_unixEpochTicks) * 100;
        return true;
    }

    /// <summary>Returns ns since the Unix epoch for a UTC <see cref="DateTime"/>.</summary>
    public static long ToNs(DateTime utc) => (utc.Ticks - s_unixEpochTicks) * 100;
}
