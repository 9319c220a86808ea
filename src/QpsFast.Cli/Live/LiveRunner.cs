using System.Diagnostics;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Ring;

namespace QpsFast.Cli.Live;

/// <summary>Runs market records through a fresh engine and reports what happened.</summary>
internal static class LiveRunner
{
    public sealed record Result(TradingEngine Engine, StreamStats Stats, TimeSpan Elapsed, JournalWriter? Journal)
    {
        /// <summary>The user strategies' books, named.</summary>
        public IReadOnlyList<StrategySpec> Strategies { get; init; } = [];
    }

    /// <param name="speed">0 for as fast as possible, otherwise the multiple of event time to pace the feed at.</param>
    /// <param name="journal">Where to journal, or null for no journal.</param>
    /// <param name="progress">Told the number of records published so far, every 16,384 records.</param>
    public static Result Run(Record[] records, IReadOnlyList<string> symbols, EngineSettings settings, Topology topology, WaitKind wait, int ringSize, double speed, long seed, JournalOptions? journal = null, Action<long>? progress = null, WaitKind? outputWait = null,
        IReadOnlyList<StrategySpec>? strategies = null, StrategyRegistry? registry = null)
    {
        var stats = new StreamStats();
        var builder = new EngineBuilder(settings, symbols) { Topology = topology, Wait = wait, RingSize = ringSize, OutputWait = outputWait };
        strategies ??= [];
        registry ??= new StrategyRegistry();
        // Build once without the journal first: a configuration or strategy that cannot be built leaves no journal behind.
        TradingEngine? engine;
        try
        {
            engine = StrategyHost.Build(builder, strategies, registry, symbols, new StatsSink(stats));
        }
        catch (Exception e) when (e is ArgumentException or StrategyLoadException)
        {
            throw new BadUsageException(e.Message);
        }
        JournalWriter? writer = null;
        if (journal is not null)
        {
            writer = new JournalWriter(journal);
            engine = StrategyHost.Build(builder, strategies, registry, symbols, new JournalSink(writer, stats));
        }
        var clock = Stopwatch.StartNew();
        long firstTime = records.Length > 0 ? records[0].TimeNs : 0;
        engine!.Start(seed, firstTime);
        if (speed <= 0)
        {
            for (int i = 0; i < records.Length; i += 16_384)
            {
                engine.Publish(records.AsSpan(i, Math.Min(16_384, records.Length - i)));
                progress?.Invoke(Math.Min(records.Length, i + 16_384));
            }
        }
        else
        {
            // Pace by event time: an input is published once (its time − first time) / speed of wall time has passed.
            foreach (ref readonly var r in records.AsSpan())
            {
                long dueTicks = (long)((r.TimeNs - firstTime) / speed / 1e9 * Stopwatch.Frequency);
                while (clock.ElapsedTicks < dueTicks)
                    Thread.Sleep(Math.Clamp((int)((dueTicks - clock.ElapsedTicks) * 1000 / Stopwatch.Frequency), 0, 50));
                engine.Publish(in r);
            }
        }
        engine.Complete();
        writer?.Dispose(); // seals the last segment
        clock.Stop();
        return new Result(engine!, stats, clock.Elapsed, writer) { Strategies = strategies };
    }

    /// <summary>Builds (and drops) an engine to check that the configuration and strategies can run, before anything is written.</summary>
    /// <exception cref="BadUsageException">They cannot: the message says why.</exception>
    public static void Check(EngineSettings settings, IReadOnlyList<string> symbols, IReadOnlyList<StrategySpec> strategies, StrategyRegistry registry)
    {
        try
        {
            StrategyHost.Build(new EngineBuilder(settings, symbols), strategies, registry, symbols, new StatsSink(new StreamStats()));
        }
        catch (Exception e) when (e is ArgumentException or StrategyLoadException)
        {
            throw new BadUsageException(e.Message);
        }
    }

    /// <summary>Returns the risk layer of a reason code (its hundreds digit), or "broker".</summary>
    public static string LayerOf(QpsFast.Engine.Risk.RejectReason reason) => (int)reason / 100 is >= 1 and <= 4 and var layer ? $"L{layer}" : "broker";

    /// <summary>Writes the run's throughput to <c>&lt;session&gt;/live.json</c>, for the report's run metadata.</summary>
    public static void WriteRunFile(Result result, string sessionDirectory)
    {
        var path = Path.Combine(sessionDirectory, "live.json");
        AtomicFile.Write(path, stream =>
        {
            using var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteNumber("inputs", result.Stats.Inputs);
            w.WriteNumber("records", result.Stats.Digest.Count);
            w.WriteNumber("elapsed_ms", Math.Round(result.Elapsed.TotalMilliseconds, 1));
            w.WriteNumber("inputs_per_second", Math.Round(result.Stats.Inputs / result.Elapsed.TotalSeconds));
            w.WriteString("topology", result.Engine.Topology.ToString().ToLowerInvariant());
            w.WriteString("digest", result.Stats.Digest.ToString());
            w.WriteEndObject();
        });
    }

    public static void Print(Result result, TextWriter o)
    {
        var e = result.Engine;
        var s = result.Stats;
        var core = e.Core;
        o.WriteLine($"  events   {s.Inputs:N0} inputs ({s.CountOf(RecordKind.BookLevel):N0} book updates), {s.Derived:N0} derived");
        o.WriteLine($"  records  signals {s.CountOf(RecordKind.Signal):N0}, orders {s.CountOf(RecordKind.Order):N0}, fills {s.CountOf(RecordKind.Fill):N0}, rejects {s.CountOf(RecordKind.Reject):N0}, risk events {s.CountOf(RecordKind.RiskEvent):N0}, marks {s.CountOf(RecordKind.Mark):N0}");
        o.WriteLine($"  {"alpha",-13} {"signals",8} {"orders",7} {"fills",7} {"rejects",7} {"trips",6} {"realized",14} {"unrealized",12} {"fees",10} {"pnl",14}");
        long totalPnl = 0;
        var ledger = core.Ledger;
        for (int b = 0; b < ledger.Books; b++)
        {
            byte source = core.AlphaSources[b];
            long pnl = ledger.Equity(b, core.Marks) - ledger.InitialCash;
            totalPnl += pnl;
            string name = result.Strategies.FirstOrDefault(x => x.Source == source)?.Name ?? AlphaIds.NameOf(source);
            o.WriteLine($"  {name,-13} {s.SignalsFrom(source),8:N0} {core.OrderCount(b),7:N0} {s.FillsFor(source),7:N0} {core.RejectCount(b),7:N0} {core.RoundTrips(b),6:N0} " +
                        $"{FixedPoint.ToDecimal(ledger.Realized(b)),14:N2} {FixedPoint.ToDecimal(ledger.Unrealized(b, core.Marks)),12:N2} {FixedPoint.ToDecimal(ledger.Fees(b)),10:N2} {FixedPoint.ToDecimal(pnl),14:N2}");
        }
        o.WriteLine($"  {"portfolio",-13} {"",8} {"",7} {"",7} {"",7} {"",6} {"",14} {"",12} {"",10} {FixedPoint.ToDecimal(totalPnl),14:N2}");
        var reasons = Enum.GetValues<QpsFast.Engine.Risk.RejectReason>().Where(r => r != 0 && s.RejectsWith((ushort)r) > 0).ToArray();
        if (reasons.Length > 0)
            o.WriteLine($"  rejects  {string.Join(", ", reasons.Select(r => $"{r} ({LayerOf(r)}) {s.RejectsWith((ushort)r):N0}"))}");
        if (core.KillSwitchTripped)
            o.WriteLine("  kill switch: TRIPPED (positions flattened, new orders blocked)");
        double eps = s.Inputs / result.Elapsed.TotalSeconds;
        o.WriteLine($"  digest   {s.Digest} (XxHash64 of {s.Digest.Count:N0} records)");
        if (result.Journal is { } j)
            o.WriteLine($"  journal  {j.Segments} segment(s), {j.BytesWritten:N0} bytes ({(double)j.BytesWritten / (s.Digest.Count * 64):P1} of raw)");
        o.WriteLine($"  time     {result.Elapsed.TotalMilliseconds:N0} ms, {eps:N0} inputs/s ({e.Topology.ToString().ToLowerInvariant()})");
    }
}
