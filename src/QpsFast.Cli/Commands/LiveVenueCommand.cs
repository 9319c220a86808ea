using System.CommandLine;
using Microsoft.Extensions.Logging;
using QpsFast.Cli.Live;
using QpsFast.Journal;
using QpsFast.Ring;
using QpsFast.Venue.Client;
using QpsFast.Venue.Wire;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps live --venue HOST:PORT</c>: a live session against a venue (docs/protocol.md).</summary>
internal static class LiveVenueCommand
{
    /// <summary>Runs the session; <paramref name="basePlan"/> has everything but what the venue's directory decides.</summary>
    public static int Run(ParseResult parse, string address, SessionPlan basePlan, Option<string[]> strategy, Option<string[]> strategyConfig, string logs)
    {
        try
        {
            VenueConnection.Parse(address);
        }
        catch (ProtocolException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        var m = basePlan.Manifest;
        using var log = SessionLog.Open(Sessions.Directory(logs, m.Session), "live");
        LiveVenueResult result;
        try
        {
            result = LiveVenueSession.Run(address, venue =>
            {
                var (strategies, registry) = StrategyLoader.Load(parse, strategy, strategyConfig, venue.Symbols);
                var plan = basePlan with
                {
                    Manifest = m with { Symbols = venue.Symbols, Strategies = strategies, Venue = address },
                    Strategies = registry,
                };
                LiveRunner.Check(plan);
                Console.WriteLine($"qps live: session {m.Session}, venue {address}, {venue.Symbols.Count} symbols ({string.Join(", ", venue.Symbols)}), {m.Topology}, wait {plan.Wait.ToString().ToLowerInvariant()}");
                log.Logger.ZLogInformation($"live session {m.Session} against venue {address}: {venue.Symbols.Count} symbols, config {m.Settings.Hash():x16}, journal {plan.JournalDirectory ?? "off"}");
                return plan;
            });
        }
        catch (BadUsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (ProtocolException e)
        {
            log.Logger.ZLogInformation($"live session {m.Session} stopped: {e.Message}");
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.VerificationFailed;
        }
        catch (Exception e) when (e is EventHandlerException or PipelineFaultedException)
        {
            log.Logger.ZLogError($"live session {m.Session}: {e}");
            Console.Error.WriteLine($"error: {Faults.Describe(e)}");
            return ExitCodes.VerificationFailed;
        }
        var run = new LiveRunner.Result(result.Session, result.Manifest);
        LiveRunner.Print(run, Console.Out);
        Console.WriteLine($"  venue    {result.MarketMessages:N0} market messages, {result.OrdersSent:N0} orders and {result.CancelsSent:N0} cancels sent, {result.Reports:N0} execution reports");
        LiveRunner.WriteRunFile(run, Sessions.Directory(logs, m.Session));
        log.Logger.ZLogInformation($"live session {m.Session} done: {result.Session.Stats.Inputs} inputs, digest {result.Session.Stats.Digest}, problem {result.Problem ?? "none"}");
        if (basePlan.JournalDirectory is { } dir)
            Console.WriteLine($"  written  {Path.GetFullPath(dir)}");
        if (result.Problem is { } problem)
        {
            Console.Error.WriteLine($"error: {problem} (everything received is journaled)");
            return ExitCodes.VerificationFailed;
        }
        return ExitCodes.Ok;
    }
}
