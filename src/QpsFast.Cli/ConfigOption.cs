using System.CommandLine;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;

namespace QpsFast.Cli;

/// <summary>The <c>--config</c> option shared by every verb that runs the pipeline.</summary>
internal static class ConfigOption
{
    /// <summary>Creates the option.</summary>
    public static Option<string?> Create() => new("--config")
    {
        Description = "JSON configuration of alphas, risk, broker and portfolio (default: built-in defaults, as in data/default-config.json).",
    };

    /// <summary>
    /// Loads the file named by <paramref name="option"/>, or the defaults when it is absent; on a bad file, prints the
    /// error (JSON path, value, allowed range) to stderr and returns false: the caller exits with
    /// <see cref="ExitCodes.BadUsage"/>.
    /// </summary>
    public static bool TryLoad(ParseResult parse, Option<string?> option, out EngineSettings settings)
    {
        try
        {
            settings = parse.GetValue(option) is { } path ? EngineConfig.Load(path) : new EngineSettings();
            return true;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            settings = new EngineSettings();
            return false;
        }
    }
}
