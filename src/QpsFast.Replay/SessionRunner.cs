using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>What a session runs: its manifest (symbols, seed, topology, settings, user strategies), where the strategies' types come from, how the threads wait, and where it is journaled.</summary>
public sealed record SessionPlan
{
    /// <summary>The session's manifest: recorded in the journal's header, read back by replay and reports.</summary>
    public required SessionManifest Manifest { get; init; }

    /// <summary>The types of the manifest's user strategies.</summary>
    public StrategyRegistry Strategies { get; init; } = new();

    /// <summary>The stages' wait strategy.</summary>
    public WaitKind Wait { get; init; } = WaitKind.Yield;

    /// <summary>The output stage's wait strategy (default: <see cref="Wait"/>).</summary>
    public WaitKind? OutputWait { get; init; }

    /// <summary>Ring slots.</summary>
    public int RingSize { get; init; } = 1024;

    /// <summary>CPUs to pin the stage threads to, if any.</summary>
    public int[]? Cpus { get; init; }

    /// <summary>The journal's folder, or null for no journal.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>The journal's largest segment (default: the writer's).</summary>
    public long? MaxSegmentBytes { get; init; }

    /// <summary>Where journal frames end (a live session against a venue ends one wherever an order must leave).</summary>
    public Framing Framing { get; init; } = Framing.Deterministic;

    /// <summary>The longest a journaled record may wait in memory for its frame (a live session's durability bound); null: whole frames only.</summary>
    public TimeSpan? FlushInterval { get; init; }

    /// <summary>Where orders leave for the outside venue the manifest names (none: recovery, or a check).</summary>
    public Engine.Broker.IOrderGateway? Gateway { get; init; }

    /// <summary>Whether the output sink runs on the engine's thread (<see cref="EngineBuilder.InlineOutput"/>): one thread fewer, for runs whose sink is cheap (a sweep's trials).</summary>
    public bool InlineOutput { get; init; }

    /// <summary>Whether the engine runs on the feed's thread (<see cref="EngineBuilder.InlineFeed"/>): one thread and one hand-off fewer, for file-fed runs.</summary>
    public bool InlineFeed { get; init; }
}

/// <summary>A finished session: the engine (its core holds the books), the output stage's statistics, the wall time, and the journal writer (disposed: segments sealed).</summary>
public sealed record SessionResult(TradingEngine Engine, StreamStats Stats, TimeSpan Elapsed, JournalWriter? Journal);

/// <summary>
/// Runs sessions: the one place where a plan becomes an engine with its strategies, a journal and a feed (the CLI's
/// live and demo, the benchmarks' journal workload and the tests all come through here).
/// </summary>
public static class SessionRunner
{
    /// <summary>Builds (and drops) the engine to check that the settings and strategies can run, before anything is written.</summary>
    /// <exception cref="ArgumentException">The settings do not fit (the outbox budget) or a strategy describes itself wrongly.</exception>
    /// <exception cref="StrategyLoadException">A strategy cannot be built.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static void Check(SessionPlan plan) => Build(plan, new StatsSink(new StreamStats())).Dispose();

    /// <summary>
    /// Runs <paramref name="records"/> through a fresh engine built from <paramref name="plan"/>: session start, the
    /// records (as fast as possible, or paced at <paramref name="speed"/> times event time), session end and its
    /// continuation; seals the journal. <paramref name="progress"/> is told the number of records published so far,
    /// every 16,384 records (paced: whenever the feed is about to wait, and at the end). When a stage faults the journal is left unsealed, as a crash leaves it.
    /// </summary>
    /// <exception cref="ArgumentException">See <see cref="Check"/>; nothing has been written then.</exception>
    /// <exception cref="EventHandlerException">A stage faulted; the message names the input.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static SessionResult Run(SessionPlan plan, ReadOnlySpan<Record> records, double speed = 0, Action<long>? progress = null)
    {
        var (engine, stats, writer) = Open(plan);
        try
        {
            var clock = Stopwatch.StartNew();
            long firstTime = records.Length > 0 ? records[0].TimeNs : 0;
            engine.Start(plan.Manifest.Seed, firstTime);
            Feed(engine, records, speed, clock, progress);
            engine.Complete();
            writer?.Dispose(); // seals the last segment as the journal's end
            clock.Stop();
            return new SessionResult(engine, stats, clock.Elapsed, writer);
        }
        catch
        {
            writer?.Abandon(); // as a crash leaves it: unsealed, for repair; the lock released
            throw;
        }
        finally
        {
            engine.Dispose(); // the core stays readable; the ring's pages go back now
        }
    }

    /// <summary>
    /// Runs a stream of records that <paramref name="produce"/> hands over in chunks, as fast as possible (a catalog
    /// larger than memory: only a chunk is held at a time); otherwise as <see cref="Run(SessionPlan, ReadOnlySpan{Record}, double, Action{long}?)"/>.
    /// <paramref name="firstTimeNs"/> is the first record's time.
    /// </summary>
    /// <exception cref="EventHandlerException">A stage faulted; the message names the input.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static SessionResult Run(SessionPlan plan, long firstTimeNs, Action<Action<ReadOnlySpan<Record>>> produce, Action<long>? progress = null)
    {
        var (engine, stats, writer) = Open(plan);
        try
        {
            var clock = Stopwatch.StartNew();
            engine.Start(plan.Manifest.Seed, firstTimeNs);
            long published = 0;
            produce(chunk =>
            {
                engine.Publish(chunk);
                progress?.Invoke(published += chunk.Length);
            });
            engine.Complete();
            writer?.Dispose();
            clock.Stop();
            return new SessionResult(engine, stats, clock.Elapsed, writer);
        }
        catch
        {
            writer?.Abandon();
            throw;
        }
        finally
        {
            engine.Dispose();
        }
    }

    private static void Feed(TradingEngine engine, ReadOnlySpan<Record> records, double speed, Stopwatch clock, Action<long>? progress)
    {
        long firstTime = records.Length > 0 ? records[0].TimeNs : 0;
        if (speed <= 0)
        {
            for (int i = 0; i < records.Length; i += 16_384)
            {
                engine.Publish(records.Slice(i, Math.Min(16_384, records.Length - i)));
                progress?.Invoke(Math.Min(records.Length, i + 16_384));
            }
        }
        else
        {
            // Pace by event time: an input is published once (its time − first time) / speed of wall time has passed.
            // Progress is told whenever the feed is about to wait (so a burst is reported whole) and at the end.
            long published = 0, reported = 0;
            foreach (ref readonly var r in records)
            {
                long dueTicks = (long)((r.TimeNs - firstTime) / speed / 1e9 * Stopwatch.Frequency);
                if (clock.ElapsedTicks < dueTicks && published > reported)
                    progress?.Invoke(reported = published);
                while (clock.ElapsedTicks < dueTicks)
                    Thread.Sleep(Math.Clamp((int)((dueTicks - clock.ElapsedTicks) * 1000 / Stopwatch.Frequency), 0, 50));
                engine.Publish(in r);
                published++;
            }
            progress?.Invoke(published);
        }
    }

    /// <summary>
    /// Builds the plan's engine and opens its journal (when it has one), not yet started: for a session whose inputs
    /// come from elsewhere (a venue). A plan that cannot run leaves no journal behind.
    /// </summary>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static (TradingEngine Engine, StreamStats Stats, JournalWriter? Journal) Open(SessionPlan plan)
    {
        Check(plan);
        if (plan.JournalDirectory is null)
        {
            var own = new StreamStats();
            return (Build(plan, new StatsSink(own)), own, null);
        }
        var writer = new JournalWriter(JournalOptionsOf(plan));
        var stats = writer.NewStats();
        try
        {
            return (Build(plan, new JournalSink(writer, stats)), stats, writer);
        }
        catch
        {
            writer.Abandon(); // releases the lock; nothing was written
            throw;
        }
    }

    /// <summary>The journal options of a plan that has a journal directory.</summary>
    public static JournalOptions JournalOptionsOf(SessionPlan plan)
    {
        var options = new JournalOptions { Directory = plan.JournalDirectory!, Configuration = plan.Manifest.ToJson(), Framing = plan.Framing, FlushInterval = plan.FlushInterval };
        return plan.MaxSegmentBytes is { } max ? options with { MaxSegmentBytes = max } : options;
    }

    /// <summary>Builds the plan's engine (not started) with <paramref name="sink"/> as its output stage.</summary>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static TradingEngine Build<TSink>(SessionPlan plan, TSink sink) where TSink : struct, IEventHandler<Slot>
    {
        var m = plan.Manifest;
        var builder = new EngineBuilder(m.Settings, m.Symbols)
        {
            Topology = TopologyNames.Parse(m.Topology),
            Wait = plan.Wait,
            OutputWait = plan.OutputWait,
            RingSize = plan.RingSize,
            Cpus = plan.Cpus,
            RemoteVenue = m.Venue is not null,
            Gateway = plan.Gateway,
            InlineOutput = plan.InlineOutput,
            InlineFeed = plan.InlineFeed,
        };
        return StrategyHost.Build(builder, m.Strategies, plan.Strategies, m.Symbols, sink);
    }
}
