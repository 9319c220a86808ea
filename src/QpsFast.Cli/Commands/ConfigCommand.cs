using System.CommandLine;
using QpsFast.Engine.Config;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps config validate FILE</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The JSON configuration file." };
        var validate = new Command("validate", """
            Checks a configuration file: every value's type and range, and no unknown keys. Prints the settings' hash.
            Example: qps config validate data/default-config.json
            """)
        {
            file,
        };
        validate.SetAction(parse =>
        {
            try
            {
                var settings = EngineConfig.Load(parse.GetValue(file)!);
                Console.WriteLine($"{parse.GetValue(file)}: valid (settings hash {settings.Hash():x16})");
                return ExitCodes.Ok;
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadUsage;
            }
        });
        var config = new Command("config", "Configuration files.");
        config.Subcommands.Add(validate);
        return config;
    }
}
