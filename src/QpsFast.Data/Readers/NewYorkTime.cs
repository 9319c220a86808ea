namespace QpsFast.Data.Readers;

/// <summary>
/// US Eastern time to UTC with the US daylight-saving rules, computed here rather than read from the machine's time
/// zone database, so conversions are the same everywhere. From 2007: EDT from the second Sunday of March 02:00 to the
/// first Sunday of November 02:00; 1987–2006: the first Sunday of April to the last Sunday of October.
/// </summary>
public static class NewYorkTime
{
    /// <summary>Returns whether daylight saving time applies at New York local time <paramref name="local"/>.</summary>
    public static bool IsDaylightSaving(DateTime local)
    {
        int y = local.Year;
        DateTime start, end;
        if (y >= 2007)
        {
            start = NthSunday(y, 3, 2).AddHours(2);
            end = NthSunday(y, 11, 1).AddHours(2);
        }
        else
        {
            start = NthSunday(y, 4, 1).AddHours(2);
            end = LastSunday(y, 10).AddHours(2);
        }
        return local >= start && local < end;
    }

    /// <summary>Converts New York local time to UTC.</summary>
    public static DateTime ToUtc(DateTime local) =>
        DateTime.SpecifyKind(local.AddHours(IsDaylightSaving(local) ? 4 : 5), DateTimeKind.Utc);

    private static DateTime NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1);
        int offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
