using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using QpsFast.Engine.Strategies;
using QpsFast.Journal;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// A live session against a venue (<c>qps live --venue</c>, docs/protocol.md): the calling thread is the feed handler
/// (market data into the ring, stamped with its receive time), a second thread reads execution reports into the ring,
/// the core's orders leave through the <see cref="VenueOrderGateway"/>. At the venue's end of data the session ends:
/// books that flatten send market orders, and the session waits (bounded) for every open order to close.
/// </summary>
public static class LiveVenueSession
{
    /// <summary>Runs a session; <paramref name="plan"/> makes the session plan from the venue's directory.</summary>
    /// <exception cref="ProtocolException">The venue cannot be reached or breaks the protocol.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static LiveVenueResult Run(string address, Func<VenueConnection, SessionPlan> plan, LiveVenueOptions? options = null)
    {
        options ??= new LiveVenueOptions();
        using var venue = VenueConnection.Open(address, options.ConnectTimeout);
        var gateway = new VenueOrderGateway(venue.OrdersOut);
        var sessionPlan = plan(venue) with { Gateway = gateway };
        var (engine, stats, journal) = SessionRunner.Open(sessionPlan);
        var clock = Stopwatch.StartNew();
        var inputs = new SessionInputs(engine);
        engine.Start(sessionPlan.Manifest.Seed, venue.FirstTimeNs);
        var reports = new ReportReader(venue.Orders, inputs);
        var reader = new Thread(reports.Run) { Name = "qps-exec-reports", IsBackground = true };
        reader.Start();
        string? problem = null;
        var feed = new FeedCounters();
        try
        {
            problem = Feed(venue.MarketData, inputs, feed);
        }
        catch (ProtocolException e)
        {
            problem = e.Message;
        }
        // The end: flattening books send their orders; wait for every open order to close (heartbeats let deferred work run).
        inputs.End();
        var deadline = Stopwatch.StartNew();
        int open = 0;
        while (inputs.WaitUntilProcessed())
        {
            open = engine.Core.OpenOrders;
            if ((open == 0 && !engine.Core.HasDeferredWork) || deadline.Elapsed > options.EndTimeout || reports.Stopped)
                break;
            Thread.Sleep(5);
            inputs.Heartbeat(engine.LastTimeNs);
        }
        inputs.Heartbeat(engine.LastTimeNs); // final marks after the last fill
        inputs.WaitUntilProcessed();
        open = engine.Core.OpenOrders;
        venue.OrdersOut.Commit(LogoutMessage.Write(venue.OrdersOut.Claim(), venue.OrdersOut.NextSequence));
        venue.OrdersOut.Flush();
        if (!reader.Join(options.EndTimeout))
        {
            venue.Dispose(); // the venue did not close: stop reading
            reader.Join();
        }
        engine.Drain();
        journal?.Dispose();
        clock.Stop();
        problem ??= reports.Problem;
        if (problem is null && open > 0)
            problem = $"{open} order(s) still open at the venue {options.EndTimeout.TotalSeconds:0} s after its end of data";
        return new LiveVenueResult(new SessionResult(engine, stats, clock.Elapsed, journal), sessionPlan.Manifest, problem, open,
            feed.Messages, reports.Reports, gateway.OrdersSent, gateway.CancelsSent, feed.SteadyAllocatedBytes, reports.SteadyAllocatedBytes);
    }

    /// <summary>The feed handler: market data into the ring until the venue's end of session. Returns a problem, or null.</summary>
    private static string? Feed(FrameReader md, SessionInputs inputs, FeedCounters counters)
    {
        long allocatedAtWarm = 0;
        while (true)
        {
            var m = md.Next(block: true);
            long received = WireHeader.NowNs();
            if (m.IsEmpty)
                return $"the venue closed the market-data session after message {md.LastSequence}, before its end of session";
            counters.Messages++;
            if (counters.Messages == WarmUpMessages)
                allocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
            if (MarketDataCodec.TryDecode(m, out var r))
            {
                inputs.Market(in r, received, md.LastSequence);
                continue;
            }
            switch (WireHeader.Type(m))
            {
                case MessageType.Heartbeat:
                    inputs.Heartbeat(HeartbeatMessage.VenueTimeNs(m));
                    break;
                case MessageType.EndOfSession:
                    if (counters.Messages > WarmUpMessages)
                        counters.SteadyAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedAtWarm;
                    return null;
                default:
                    throw new ProtocolException($"market-data session: message {md.LastSequence} has type '{(char)WireHeader.Type(m)}', which the venue does not send there");
            }
        }
    }

    /// <summary>Messages after which a thread counts as warm (its allocations from then on are the steady state's).</summary>
    public const int WarmUpMessages = 1_000;

    private sealed class FeedCounters
    {
        public long Messages;
        public long SteadyAllocatedBytes = -1;
    }
}

/// <summary>How a live venue session behaves at its edges.</summary>
public sealed record LiveVenueOptions
{
    /// <summary>How long to wait for the venue to answer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the venue's end of data, how long to wait for open orders to close.</summary>
    public TimeSpan EndTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>What a live venue session did.</summary>
/// <param name="Session">The engine, its stream statistics and journal.</param>
/// <param name="Manifest">The session's manifest.</param>
/// <param name="Problem">What went wrong (the venue went away, broke the protocol, orders left open), or null.</param>
/// <param name="OpenOrdersAtEnd">Orders still open at the end.</param>
/// <param name="MarketMessages">Market-data messages received.</param>
/// <param name="Reports">Execution reports received.</param>
/// <param name="OrdersSent">Orders sent.</param>
/// <param name="CancelsSent">Cancels sent.</param>
/// <param name="FeedSteadyAllocatedBytes">Bytes the feed handler's thread allocated after its warm-up (−1: too few messages to say).</param>
/// <param name="ReportsSteadyAllocatedBytes">Bytes the report reader's thread allocated after its warm-up (−1: too few reports).</param>
public sealed record LiveVenueResult(SessionResult Session, SessionManifest Manifest, string? Problem, int OpenOrdersAtEnd,
    long MarketMessages, long Reports, long OrdersSent, long CancelsSent, long FeedSteadyAllocatedBytes, long ReportsSteadyAllocatedBytes);
