using System.CommandLine;
using Microsoft.Extensions.Logging;
using QpsFast.Cli.Live;
using QpsFast.Engine.Config;
using QpsFast.Engine.Strategies;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Ring;
using QpsFast.Venue.Client;
using QpsFast.Venue.Wire;
using ZLogger;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps live --venue HOST:PORT</c>: a live session against a venue (docs/protocol.md).</summary>
internal static class LiveVenueCommand
{
    /// <summary>Runs the session; <paramref name="basePlan"/> has everything but what the venue's directory decides.</summary>
    public static int Run(ParseResult parse, string address, SessionPlan basePlan, Option<string[]> strategy, Option<string[]> strategyConfig, string logs, LiveVenueOptions options)
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
        var tickToTrade = new TickToTradeRecorder();
        options = options with { TickToTrade = basePlan.JournalDirectory is null ? null : tickToTrade };
        using var latencyFile = options.TickToTrade?.WriteEvery(Path.Combine(Sessions.Directory(logs, m.Session), "latency.json"), TimeSpan.FromSeconds(1));
        var result = Guard(() => LiveVenueSession.Run(address, venue =>
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
            }, options), log, m.Session, out int exit);
        if (result is null)
            return exit;
        return Report(result, logs, m.Session, basePlan.JournalDirectory, log, options.TickToTrade);
    }

    /// <summary>Resumes a session a crash cut short (<c>--resume SESSION --venue HOST:PORT</c>).</summary>
    public static int Resume(ParseResult parse, string address, string session, Option<string[]> strategy, string logs, Ring.WaitKind wait, int ringSize, LiveVenueOptions options)
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
        if (!Sessions.IsValidId(session))
        {
            Console.Error.WriteLine($"error: --resume '{session}' may hold only letters, digits, '-', '_' and '.'");
            return ExitCodes.BadUsage;
        }
        string dir = Sessions.JournalDirectory(logs, session);
        if (!Directory.Exists(Sessions.Directory(logs, session)))
        {
            Console.Error.WriteLine($"error: --resume {session}: no such session in {Path.GetFullPath(logs)}");
            return ExitCodes.BadUsage;
        }
        if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir, "*" + QpsFast.Journal.JournalDescriptor.SegmentExtension).Any())
        {
            // Nothing journaled means nothing was sent (orders leave only after the journal has them): start anew.
            Console.Error.WriteLine($"error: --resume {session}: the session journaled nothing before it stopped ({dir} holds no segment), so nothing was sent: start a new session");
            return ExitCodes.BadUsage;
        }
        using var log = SessionLog.Open(Sessions.Directory(logs, session), "live");
        options = options with { TickToTrade = new TickToTradeRecorder() };
        using var latencyFile = options.TickToTrade.WriteEvery(Path.Combine(Sessions.Directory(logs, session), "latency.json"), TimeSpan.FromSeconds(1));
        var result = Guard(() => LiveVenueSession.Resume(dir, address, manifest =>
            {
                StrategyRegistry registry;
                try
                {
                    registry = StrategyLoader.ForReplay(manifest.Strategies, parse.GetValue(strategy) ?? []);
                }
                catch (StrategyLoadException e)
                {
                    throw new BadUsageException(e.Message);
                }
                Console.WriteLine($"qps live: resuming session {session} against venue {address}, {manifest.Symbols.Count} symbols, {manifest.Topology}");
                return new SessionPlan { Manifest = manifest, Strategies = registry, Wait = wait, RingSize = ringSize };
            }, options), log, session, out int exit);
        if (result is null)
            return exit;
        if (result.Resumed is { } from)
            Console.WriteLine($"  resumed  from sequence {from.NextSequence:N0} ({from.Repair.Action}; {from.MarketRecords:N0} market records and {from.Reports:N0} execution reports were journaled)");
        return Report(result, logs, session, dir, log, options.TickToTrade);
    }

    /// <summary>Runs a session; a problem becomes one line and its exit code (2 bad usage; 1 the venue, the journal or the pipeline).</summary>
    private static LiveVenueResult? Guard(Func<LiveVenueResult> run, SessionLog log, string session, out int exit)
    {
        exit = ExitCodes.Ok;
        try
        {
            return run();
        }
        catch (BadUsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            exit = ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is ProtocolException or ResumeException or JournalCorruptException or ConfigException or InvalidDataException)
        {
            log.Logger.ZLogInformation($"live session {session} stopped: {e.Message}");
            Console.Error.WriteLine($"error: {e.Message}");
            exit = ExitCodes.VerificationFailed;
        }
        catch (Exception e) when (e is EventHandlerException or PipelineFaultedException)
        {
            log.Logger.ZLogError($"live session {session}: {e}");
            Console.Error.WriteLine($"error: {Faults.Describe(e)}");
            exit = ExitCodes.VerificationFailed;
        }
        return null;
    }

    private static int Report(LiveVenueResult result, string logs, string session, string? journalDirectory, SessionLog log, TickToTradeRecorder? tickToTrade)
    {
        var run = new LiveRunner.Result(result.Session, result.Manifest);
        LiveRunner.Print(run, Console.Out);
        Console.WriteLine($"  venue    {result.MarketMessages:N0} market messages{(result.Reconnects > 0 ? $", {result.Reconnects} reconnect(s)" : "")}, {result.OrdersSent:N0} orders and {result.CancelsSent:N0} cancels sent, {result.Reports:N0} execution reports");
        if (tickToTrade is not null)
            Console.WriteLine($"  tick-to-trade  {tickToTrade.Summary()}");
        LiveRunner.WriteRunFile(run, Sessions.Directory(logs, session));
        log.Logger.ZLogInformation($"live session {session} done: {result.Session.Stats.Inputs} inputs, digest {result.Session.Stats.Digest}, problem {result.Problem ?? "none"}");
        if (journalDirectory is { } dir)
            Console.WriteLine($"  written  {Path.GetFullPath(dir)}");
        if (result.Problem is { } problem)
        {
            Console.Error.WriteLine($"error: {problem} (everything received is journaled)");
            return ExitCodes.VerificationFailed;
        }
        return ExitCodes.Ok;
    }
}
