namespace QpsFast.Cli;

/// <summary>Where a session's files live: <c>&lt;logs&gt;/&lt;session&gt;/</c>.</summary>
internal static class Sessions
{
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && id is not "." and not "..";

    public static string Directory(string logs, string session) => Path.Combine(logs, session);

    public static string JournalDirectory(string logs, string session) => Path.Combine(logs, session, "journal");
}
