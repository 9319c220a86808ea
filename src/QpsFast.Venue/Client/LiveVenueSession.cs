using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// A live session against a venue (<c>qps live --venue</c>, docs/protocol.md): the calling thread is the feed handler
/// (market data into the ring, stamped with its receive time), a second thread reads execution reports into the ring,
/// and orders leave after the journal has them (<see cref="OrderSendingSink"/>). A lost connection or a sequence gap
/// is a reconnect: the venue resends what the journal lacks and reconciles before market data flows again. After a
/// crash, <see cref="Resume"/> rebuilds the engine from the journal and goes on in the same session.
/// </summary>
public static partial class LiveVenueSession
{
    /// <summary>Messages after which a thread counts as warm (its allocations from then on are the steady state's).</summary>
    public const int WarmUpMessages = 1_000;

    /// <summary>Runs a new session; <paramref name="plan"/> makes the session plan from the venue's directory.</summary>
    /// <exception cref="ProtocolException">The venue cannot be reached or breaks the protocol at logon.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static LiveVenueResult Run(string address, Func<VenueConnection, SessionPlan> plan, LiveVenueOptions? options = null)
    {
        options ??= new LiveVenueOptions();
        var venue = VenueConnection.Open(address, options.ConnectTimeout);
        SessionPlan sessionPlan;
        try
        {
            sessionPlan = plan(venue);
        }
        catch
        {
            venue.Dispose();
            throw;
        }
        var gateway = new VenueOrderGateway(venue.OrdersOut);
        JournalWriter? journal = null;
        try
        {
            (var engine, var stats, journal) = Build(sessionPlan, gateway, new ResumeState(), null, options.TickToTrade);
            var clock = Stopwatch.StartNew();
            engine.Start(sessionPlan.Manifest.Seed, venue.FirstTimeNs);
            var session = new Session(address, sessionPlan, engine, stats, journal, gateway, new SessionInputs(engine), options, clock);
            return session.Drive(venue, reconciling: false);
        }
        catch
        {
            // A session that fails leaves its journal as a crash would: unsealed, resumable, its lock released.
            journal?.Abandon();
            venue.Dispose();
            throw;
        }
    }

    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    private static (TradingEngine, StreamStats, JournalWriter?) Build(SessionPlan plan, VenueOrderGateway gateway, ResumeState resume, JournalContinuation? from, TickToTradeRecorder? tickToTrade)
    {
        SessionRunner.Check(plan);
        if (plan.JournalDirectory is null)
        {
            var own = new StreamStats();
            return (SessionRunner.Build(plan with { Gateway = gateway }, new StatsSink(own)), own, null);
        }
        // Journal first, then send: frames end wherever an order must leave.
        var journaled = plan with { Framing = Framing.EndOfBatch, Gateway = null };
        var options = SessionRunner.JournalOptionsOf(journaled);
        var writer = from is null ? new JournalWriter(options) : new JournalWriter(options, from);
        var stats = writer.NewStats(); // a resumed journal's writer gives statistics with a digest of their own
        try
        {
            return (SessionRunner.Build(journaled, new OrderSendingSink(writer, stats, gateway, resume, tickToTrade)), stats, writer);
        }
        catch
        {
            writer.Abandon(); // releases the lock; nothing was written
            throw;
        }
    }

    /// <summary>One running session: its engine, journal, gateway and inputs, across reconnects.</summary>
    private sealed class Session(string address, SessionPlan plan, TradingEngine engine, StreamStats stats, JournalWriter? journal,
        VenueOrderGateway gateway, SessionInputs inputs, LiveVenueOptions options, Stopwatch clock)
    {
        private readonly MarketBurst _burst = new();
        private long _feedMessages;
        private long _feedAllocated = -1;
        private long _reportsTotal;
        private long _reportsAllocated = -1;
        private int _reconnects;
        private readonly List<string> _reconnectReasons = [];

        public JournalContinuation? Resumed { get; init; }

        /// <summary>Whether the session's end is already in the journal (a resume of a session killed while it was ending).</summary>
        public bool EndJournaled { get; init; }

        public LiveVenueResult Drive(VenueConnection venue, bool reconciling)
        {
            StartTimer();
            string? problem = null;
            ReportReader reports;
            Thread reader;
            while (true)
            {
                (reports, reader) = StartReports(venue);
                if (reconciling)
                    problem = AwaitReconciliation(reports);
                string? lost = null;
                bool ended = false;
                if (problem is null)
                {
                    try
                    {
                        ended = Feed(venue.MarketData, out lost);
                    }
                    catch (SequenceGapException e)
                    {
                        lost = e.Message; // messages were lost on the way: resynchronise by reconnecting
                    }
                    catch (ProtocolException e)
                    {
                        problem = e.Message; // the venue breaks the protocol: it would again after a reconnect
                    }
                }
                if (ended || problem is not null)
                    break;
                venue.Dispose();
                reader.Join();
                Collect(reports);
                if (reports.Failure is { } failure and not SequenceGapException)
                {
                    problem = failure.Message;
                    break;
                }
                if (_reconnects == MaxReconnects)
                {
                    problem = $"lost the venue {MaxReconnects + 1} times (last: {lost}): the session stops";
                    break;
                }
                var next = Reconnect(out string? why);
                if (next is null)
                {
                    problem = $"lost the venue ({lost}) and could not reconnect within {options.ReconnectTimeout.TotalSeconds:0} s: {why}";
                    break;
                }
                venue = next;
                _reconnects++;
                _reconnectReasons.Add(lost ?? reports.Problem ?? "?");
                reconciling = true;
            }
            return End(venue, reports, reader, problem);
        }

        private const int MaxReconnects = 20;
        private readonly object _timerGate = new();
        private Thread? _timer;
        private volatile bool _timerStop;
        private bool _timerHeld;

        /// <summary>
        /// The wall-clock timer (<see cref="LiveVenueOptions.Timer"/>): a heartbeat input every interval of wall time,
        /// stamped with the UTC wall time, journaled like any input, so strategies that act on wall time replay exactly.
        /// </summary>
        private void StartTimer()
        {
            if (options.Timer is not { } every || _timer is not null)
                return;
            _timer = new Thread(() =>
            {
                long tick = 0;
                var next = Stopwatch.GetTimestamp();
                while (!_timerStop)
                {
                    next += (long)(every.TotalSeconds * Stopwatch.Frequency);
                    long wait = next - Stopwatch.GetTimestamp();
                    if (wait > 0)
                        Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    lock (_timerGate)
                    {
                        if (!_timerStop && !_timerHeld)
                            inputs.Heartbeat((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100, HeartbeatSource.WallTimer, ++tick);
                    }
                }
            }) { Name = "qps-wall-timer", IsBackground = true };
            _timer.Start();
        }

        /// <summary>
        /// Connects again with what the journal holds (the venue resends the rest), or null when it cannot in time. The
        /// timer is held and the ring drained first (orders made until then go nowhere: the reconciliation closes them),
        /// so nothing can be sent between the venue's snapshot and the Reconnected marker the new connection starts with.
        /// </summary>
        public VenueConnection? Reconnect(out string? why)
        {
            lock (_timerGate)
            {
                _timerHeld = true;
                gateway.Attach(null);
                inputs.WaitUntilProcessed();
                var venue = Connect(out why);
                if (venue is not null)
                {
                    gateway.Attach(venue.OrdersOut);
                    inputs.Heartbeat(0, HeartbeatSource.Reconnected);
                }
                _timerHeld = false;
                return venue;
            }
        }

        private VenueConnection? Connect(out string? why)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var venue = VenueConnection.Open(address, options.ConnectTimeout, inputs.MarketRecords, inputs.Reports);
                    if (!venue.Symbols.SequenceEqual(plan.Manifest.Symbols))
                    {
                        venue.Dispose();
                        why = $"the venue at {address} now lists other symbols ({string.Join(", ", venue.Symbols)})";
                        return null;
                    }
                    why = null;
                    return venue;
                }
                catch (ProtocolException e)
                {
                    why = e.Message;
                }
                if (deadline.Elapsed > options.ReconnectTimeout)
                    return null;
                Thread.Sleep(200);
            }
        }

        private (ReportReader, Thread) StartReports(VenueConnection venue)
        {
            var reports = new ReportReader(venue.Orders, inputs);
            // A report session that breaks wakes the feed handler, which then reconnects both.
            reports.OnStopped = () =>
            {
                try
                {
                    venue.MarketDataSocket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // already closed
                }
            };
            var reader = new Thread(reports.Run) { Name = "qps-exec-reports", IsBackground = true };
            reader.Start();
            return (reports, reader);
        }

        /// <summary>After a reconnect: no market data into the ring until the venue's reconciliation is.</summary>
        private string? AwaitReconciliation(ReportReader reports)
        {
            if (!reports.Reconciled.Wait(options.ConnectTimeout) || reports.Stopped && reports.Problem is not null)
                return reports.Problem ?? $"the venue sent no reconciliation within {options.ConnectTimeout.TotalSeconds:0} s";
            if (!inputs.WaitUntilProcessed())
                return "the pipeline faulted";
            int mismatches = engine.Core.ReconcileMismatches;
            return mismatches == 0 ? null
                : $"reconciliation with the venue found {mismatches} difference(s), journaled as RiskEvent ReconcileMismatch (qps dump --kind RiskEvent): the session stops";
        }

        /// <summary>The feed handler: market data into the ring. Returns true at the venue's end of session; false with <paramref name="lost"/> when the connection went.</summary>
        private bool Feed(FrameReader md, out string? lost)
        {
            long allocatedAtWarm = 0;
            while (true)
            {
                var m = _burst.Read(md, out bool closed);
                if (_burst.Count > 0)
                {
                    inputs.Market(_burst.Records.AsSpan(0, _burst.Count), _burst.Received.AsSpan(0, _burst.Count), md.LastSequence);
                    if (_feedMessages < WarmUpMessages && _feedMessages + _burst.Count >= WarmUpMessages)
                        allocatedAtWarm = GC.GetAllocatedBytesForCurrentThread();
                    _feedMessages += _burst.Count;
                }
                if (closed)
                {
                    lost = $"the market-data session closed after message {md.LastSequence}";
                    return false;
                }
                if (m.IsEmpty)
                    continue;
                _feedMessages++;
                switch (WireHeader.Type(m))
                {
                    case MessageType.Heartbeat:
                        inputs.Heartbeat(HeartbeatMessage.VenueTimeNs(m), HeartbeatSource.Venue);
                        break;
                    case MessageType.EndOfSession:
                        if (_feedMessages > WarmUpMessages && allocatedAtWarm != 0)
                            _feedAllocated = GC.GetAllocatedBytesForCurrentThread() - allocatedAtWarm;
                        lost = null;
                        return true;
                    default:
                        throw new ProtocolException($"market-data session: message {md.LastSequence} has type '{(char)WireHeader.Type(m)}', which the venue does not send there");
                }
            }
        }

        /// <summary>The end: books that flatten send market orders; wait (bounded) for every open order to close; log out.</summary>
        private LiveVenueResult End(VenueConnection venue, ReportReader reports, Thread reader, string? problem)
        {
            _timerStop = true;
            _timer?.Join();
            if (!EndJournaled)
                inputs.End();
            var deadline = Stopwatch.StartNew();
            int open = 0;
            while (inputs.WaitUntilProcessed())
            {
                open = engine.Core.OpenOrders;
                if ((open == 0 && !engine.Core.HasDeferredWork) || deadline.Elapsed > options.EndTimeout || problem is not null)
                    break;
                if (reports.Stopped)
                {
                    // The venue went away while the session waited for its last fills: reconnect, reconcile, wait on.
                    (venue, reports, reader, problem) = ReconnectWhileEnding(venue, reports, reader);
                    continue;
                }
                Thread.Sleep(5);
                inputs.Heartbeat(engine.LastTimeNs);
            }
            inputs.Heartbeat(engine.LastTimeNs); // final marks after the last fill
            // Nothing leaves from here on (the output stage shares the order connection's writer), then the session's
            // last input says it is over: a crash before this line is resumable, after it there is nothing to resume.
            gateway.Attach(null);
            inputs.Heartbeat(0, HeartbeatSource.LoggedOut);
            inputs.WaitUntilProcessed();
            open = engine.Core.OpenOrders;
            venue.OrdersOut.Commit(LogoutMessage.Write(venue.OrdersOut.Claim(), venue.OrdersOut.NextSequence));
            venue.OrdersOut.Flush();
            if (!reader.Join(options.EndTimeout))
            {
                venue.Dispose(); // the venue did not close: stop reading
                reader.Join();
            }
            venue.Dispose();
            Collect(reports);
            engine.Drain();
            journal?.Dispose();
            clock.Stop();
            problem ??= reports.Problem;
            if (problem is null && open > 0)
                problem = $"{open} order(s) still open at the venue {options.EndTimeout.TotalSeconds:0} s after its end of data";
            return new LiveVenueResult(new SessionResult(engine, stats, clock.Elapsed, journal), plan.Manifest, problem, open,
                _feedMessages, _reportsTotal, gateway.OrdersSent, gateway.CancelsSent, _feedAllocated, _reportsAllocated)
            {
                Reconnects = _reconnects,
                ReconnectReasons = _reconnectReasons,
                Resumed = Resumed,
            };
        }

        private (VenueConnection, ReportReader, Thread, string?) ReconnectWhileEnding(VenueConnection venue, ReportReader reports, Thread reader)
        {
            venue.Dispose();
            reader.Join();
            Collect(reports);
            if (reports.Failure is { } failure and not SequenceGapException)
                return (venue, reports, reader, failure.Message);
            if (_reconnects == MaxReconnects)
                return (venue, reports, reader, $"lost the venue {MaxReconnects + 1} times: the session stops");
            var next = Reconnect(out string? why);
            if (next is null)
                return (venue, reports, reader, $"lost the venue while waiting for the last fills, and could not reconnect within {options.ReconnectTimeout.TotalSeconds:0} s: {why}");
            _reconnects++;
            _reconnectReasons.Add("the order session closed while the session was ending");
            var (nextReports, nextReader) = StartReports(next);
            return (next, nextReports, nextReader, AwaitReconciliation(nextReports));
        }

        private void Collect(ReportReader reports)
        {
            _reportsTotal += reports.Reports;
            if (reports.SteadyAllocatedBytes >= 0)
                _reportsAllocated = Math.Max(_reportsAllocated, 0) + reports.SteadyAllocatedBytes;
        }
    }
}
