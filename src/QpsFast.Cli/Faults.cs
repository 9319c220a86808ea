using QpsFast.Ring;

namespace QpsFast.Cli;

/// <summary>Turns an exception into the one line qps prints for it.</summary>
internal static class Faults
{
    public static string Describe(Exception e) => e switch
    {
        PipelineFaultedException { InnerException: { } inner } => Describe(inner),
        EventHandlerException h => $"the engine stopped at ring sequence {h.Sequence}: {Describe(h.InnerException ?? h)}",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        _ when e.InnerException is { } inner && e is System.Reflection.TargetInvocationException => Describe(inner),
        // Our own messages already name the file and the cause: the type adds nothing.
        InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
            or QpsFast.Journal.JournalCorruptException or QpsFast.Journal.JournalLockedException => e.Message.ReplaceLineEndings(" "),
        IOException io => $"{io.Message.ReplaceLineEndings(" ")} (I/O error)",
        _ => $"{e.Message.ReplaceLineEndings(" ")} ({e.GetType().Name})",
    };
}

/// <summary>A problem with what the user asked for, found while setting a run up: one line, exit 2, nothing written.</summary>
internal sealed class BadUsageException(string message) : Exception(message);
