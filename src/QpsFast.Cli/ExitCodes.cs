namespace QpsFast.Cli;

/// <summary>The process exit codes of every verb.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Verification failed, or a data problem was found.</summary>
    public const int VerificationFailed = 1;

    /// <summary>Bad usage or bad input.</summary>
    public const int BadUsage = 2;

    /// <summary>Writes "error: <paramref name="message"/>" to stderr and returns <see cref="BadUsage"/>.</summary>
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return BadUsage;
    }
}
