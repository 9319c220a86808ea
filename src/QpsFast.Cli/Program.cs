using System.CommandLine;
using QpsFast.Cli;
using QpsFast.Cli.Commands;

var root = new RootCommand("qps: the QpsFast low-latency trading engine (ring, alphas, journal, replay).");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(LiveCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(JournalCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(NewCommand.Create());
root.Subcommands.Add(VenueCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(ServeCommand.Create());

ParseResult parse;
try
{
    parse = root.Parse(args);
}
catch (InvalidOperationException e)
{
    // An option's validator read a value the parser could not convert ("abc" for a number): the parser's own
    // message names the option and the value.
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.BadUsage;
}
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("Run 'qps --help' or 'qps <verb> --help' for usage.");
    return ExitCodes.BadUsage;
}
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (QpsFast.Journal.JournalLockedException e)
{
    // A second writer on a session (live, replay --journal-out, repair, resume): bad usage, nothing changed.
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.BadUsage;
}
catch (Exception e)
{
    // Whatever a verb did not handle itself: one line, never a stack trace (the session's qps.log has the details
    // when the verb opened one).
    Console.Error.WriteLine($"error: {Faults.Describe(e)}");
    return ExitCodes.VerificationFailed;
}
