namespace QpsFast.Cli;

/// <summary>Where a session's files live: <c>&lt;logs&gt;/&lt;session&gt;/</c>.</summary>
internal static class Sessions
{
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && id is not "." and not "..";

    public static string Directory(string logs, string session) => Path.Combine(logs, session);

    /// <summary>Returns an unused session id: <c>&lt;prefix&gt;-&lt;UTC date-time&gt;</c>, with "-2", "-3", … if taken.</summary>
    public static string NewId(string logs, string prefix)
    {
        string id = $"{prefix}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}";
        string candidate = id;
        for (int n = 2; System.IO.Directory.Exists(Directory(logs, candidate)); n++)
            candidate = $"{id}-{n}";
        return candidate;
    }

    public static string JournalDirectory(string logs, string session) => Path.Combine(logs, session, "journal");
}
