using System.CommandLine;
using System.Reflection;
using QpsFast.Cli.Scaffold;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps new strategy NAME</c>: scaffolds a strategy project outside this repository.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The project's name: letters, digits, '-', '_' and '.', starting with a letter." };
        var output = new Option<string?>("--output") { Description = "The folder to create the project in (default: ./NAME)." };
        var feed = new Option<string?>("--feed") { Description = "A folder of QpsFast packages (dotnet pack -o DIR) to restore from: written to the project's nuget.config." };
        var version = new Option<string?>("--engine-version") { Description = "The QpsFast.Engine package version to reference (default: this qps's own)." };
        var strategy = new Command("strategy", """
            Creates a strategy project: a class library referencing the QpsFast.Engine package with an example strategy that
            reads its own book and sends percent-of-equity targets, an xunit test that runs it through the engine, a solution,
            params.json, and a README with the commands to test it and run it with qps live --strategy.
            Example: qps new strategy MyAlphas --feed ./packages
            """)
        {
            name, output, feed, version,
        };
        strategy.SetAction(parse =>
        {
            string project = parse.GetValue(name)!;
            if (project.Length is 0 or > 64 || !char.IsAsciiLetter(project[0]) || !project.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                Console.Error.WriteLine($"error: NAME '{project}' must start with a letter and hold only letters, digits, '-', '_' and '.' (at most 64)");
                return ExitCodes.BadUsage;
            }
            string dir = Path.GetFullPath(parse.GetValue(output) ?? project);
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Console.Error.WriteLine($"error: {dir} exists and is not empty");
                return ExitCodes.BadUsage;
            }
            string? feedDir = parse.GetValue(feed);
            if (feedDir is not null && !Directory.Exists(feedDir))
            {
                Console.Error.WriteLine($"error: --feed {feedDir} is not a folder");
                return ExitCodes.BadUsage;
            }
            string engineVersion = parse.GetValue(version) ?? OwnVersion();
            // Written to a temporary sibling, then moved into place: a failure leaves no half-made project.
            string staging = dir + ".qps-new-" + Environment.ProcessId;
            try
            {
                foreach (var (path, text) in StrategyScaffold.Files(project, engineVersion, feedDir))
                {
                    string file = Path.Combine(staging, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, text.ReplaceLineEndings("\n"));
                }
                if (Directory.Exists(dir))
                    Directory.Delete(dir);
                Directory.Move(staging, dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (Directory.Exists(staging))
                    Directory.Delete(staging, recursive: true);
                Console.Error.WriteLine($"error: cannot create {dir}: {e.Message}");
                return ExitCodes.BadUsage;
            }
            Console.WriteLine($"created {dir} (QpsFast.Engine {engineVersion})");
            Console.WriteLine($"  test   dotnet test {Path.Combine(dir, project + ".slnx")} -c Release");
            Console.WriteLine($"  run    qps live --data BARS.csv --strategy {Path.Combine(dir, "src", project, "bin", "Release", "net10.0", project + ".dll")} --strategy-config {Path.Combine(dir, "params.json")}");
            return ExitCodes.Ok;
        });
        return new Command("new", "Creates projects: qps new strategy NAME.") { strategy };
    }

    private static string OwnVersion()
    {
        string informational = typeof(NewCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.3.0";
        int plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
