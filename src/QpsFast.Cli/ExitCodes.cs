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
}
