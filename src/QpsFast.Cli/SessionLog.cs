using Microsoft.Extensions.Logging;
using ZLogger;

namespace QpsFast.Cli;

/// <summary>
/// A session's log (ZLogger): Information and up to <c>logs/&lt;session&gt;/qps.log</c>; warnings and errors also to the
/// console's standard error, so standard output stays the verb's own. Used only around runs, never on the hot path.
/// </summary>
internal sealed class SessionLog : IDisposable
{
    private readonly ILoggerFactory _factory;

    private SessionLog(ILoggerFactory factory, string verb)
    {
        _factory = factory;
        Logger = factory.CreateLogger("qps." + verb);
    }

    public ILogger Logger { get; }

    public static SessionLog Open(string sessionDirectory, string verb)
    {
        Directory.CreateDirectory(sessionDirectory);
        string file = Path.Combine(sessionDirectory, "qps.log");
        var factory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddZLoggerFile(file, options => options.UsePlainTextFormatter(formatter =>
                formatter.SetPrefixFormatter($"{0:yyyy-MM-ddTHH:mm:ss.fffZ} [{1}] ", (in MessageTemplate template, in LogInfo info) =>
                    template.Format(info.Timestamp.Utc, info.LogLevel))));
            logging.AddZLoggerConsole(options => options.LogToStandardErrorThreshold = LogLevel.Warning);
            logging.AddFilter<ZLogger.Providers.ZLoggerConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        });
        return new SessionLog(factory, verb);
    }

    public void Dispose() => _factory.Dispose();
}
