namespace QpsFast.Replay;

/// <summary>What a session id may be: it names a folder under the logs folder, so no path separators, not . or ...</summary>
public static class SessionId
{
    /// <summary>Returns whether <paramref name="id"/> is a valid session id (1–100 letters, digits, '-', '_' and '.'; not "." or "..").</summary>
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && id is not "." and not "..";
}
