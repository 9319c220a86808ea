using System.Diagnostics;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Ring;

namespace QpsFast.Cli.Live;

/// <summary>Runs market records through a fresh engine and reports what happened.</summary>
internal static class LiveRunner
{
    /// <summary>A finished live session and its manifest (which names the books).</summary>
    public sealed record Result(SessionResult Session, SessionManifest Manifest)
    {
        public TradingEngine Engine => Session.Engine;

        public StreamStats Stats => Session.Stats;

        public TimeSpan Elapsed => Session.Elapsed;

        public JournalWriter? Journal => Session.Journal;
    }

    /// <summary>Runs a session (<see cref="SessionRunner"/>); a plan that cannot run is a <see cref="BadUsageException"/>, with nothing written.</summary>
    public static Result Run(SessionPlan plan, Record[] records, double speed = 0, Action<long>? progress = null)
    {
        Check(plan);
        return new Result(SessionRunner.Run(plan, records, speed, progress), plan.Manifest);
    }

    /// <summary>Runs a session streamed from a catalog (<see cref="SessionRunner"/>): memory holds a day of partitions, not the data.</summary>
    public static Result Run(SessionPlan plan, Data.Catalog.CatalogReader catalog, Action<long>? progress = null)
    {
        Check(plan);
        return new Result(SessionRunner.Run(plan, catalog.FirstTimeNs, sink => catalog.Read(chunk => sink(chunk)), progress), plan.Manifest);
    }

    /// <summary>
    /// Returns a progress callback that prints <c>progress N</c> at most every 50 ms of wall time (the feed reports
    /// every 16,384 records at max speed, and whenever it is about to wait when paced). It runs on the feed thread and
    /// allocates a line each time it prints, so it is opt-in.
    /// </summary>
    public static Action<long> ProgressPrinter(TextWriter o)
    {
        long next = 0;
        long step = Stopwatch.Frequency / 20;
        return published =>
        {
            long now = Stopwatch.GetTimestamp();
            if (now < next)
                return;
            next = now + step;
            o.WriteLine($"progress {published}");
            o.Flush();
        };
    }

    /// <summary>Checks that a plan can run, before anything is written.</summary>
    /// <exception cref="BadUsageException">It cannot: the message says why.</exception>
    public static void Check(SessionPlan plan)
    {
        try
        {
            SessionRunner.Check(plan);
        }
        catch (Exception e) when (e is ArgumentException or StrategyLoadException)
        {
            throw new BadUsageException(e.Message);
        }
    }

    /// <summary>Returns the risk layer of a reason code (its hundreds digit), or "broker".</summary>
    public static string LayerOf(QpsFast.Engine.Risk.RejectReason reason) => ((int)reason / 100) switch
    {
        >= 1 and <= 4 and var layer => $"L{layer}",
        6 => "strategy",
        7 => "venue",
        _ => "broker",
    };

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
            w.WriteString("topology", result.Engine.Topology.Name());
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
            string name = result.Manifest.Books.FirstOrDefault(x => x.Source == source).Name ?? AlphaIds.NameOf(source);
            o.WriteLine($"  {name,-13} {s.SignalsFrom(source),8:N0} {core.OrderCount(b),7:N0} {s.FillsFor(source),7:N0} {core.RejectCount(b),7:N0} {core.RoundTrips(b),6:N0} " +
                        $"{FixedPoint.ToDecimal(ledger.Realized(b)),14:N2} {FixedPoint.ToDecimal(ledger.Unrealized(b, core.Marks)),12:N2} {FixedPoint.ToDecimal(ledger.Fees(b)),10:N2} {FixedPoint.ToDecimal(pnl),14:N2}");
        }
        o.WriteLine($"  {"portfolio",-13} {"",8} {"",7} {"",7} {"",7} {"",6} {"",14} {"",12} {"",10} {FixedPoint.ToDecimal(totalPnl),14:N2}");
        var reasons = Enum.GetValues<QpsFast.Engine.Risk.RejectReason>().Where(r => r != 0 && s.RejectsWith((ushort)r) > 0).ToArray();
        if (reasons.Length > 0)
            o.WriteLine($"  rejects  {string.Join(", ", reasons.Select(r => $"{r} ({LayerOf(r)}) {s.RejectsWith((ushort)r):N0}"))}");
        long notional = s.RejectsWith((ushort)QpsFast.Engine.Risk.RejectReason.OrderNotional) + s.RejectsWith((ushort)QpsFast.Engine.Risk.RejectReason.PositionNotional);
        if (result.Manifest.Strategies.Count > 0 && notional > 0)
        {
            var risk = e.Settings.Risk;
            o.WriteLine($"  note     {notional:N0} orders broke risk.maxOrderNotional ({risk.MaxOrderNotional:N0}) or risk.maxPositionNotional ({risk.MaxPositionNotional:N0}): " +
                        "a strategy sized by its equity needs them raised, or 0 (off), in --config");
        }
        if (core.KillSwitchTripped)
            o.WriteLine("  kill switch: TRIPPED (positions flattened, new orders blocked)");
        double eps = s.Inputs / result.Elapsed.TotalSeconds;
        o.WriteLine($"  digest   {s.Digest} (XxHash64 of {s.Digest.Count:N0} records)");
        if (result.Journal is { } j)
            o.WriteLine($"  journal  {j.Segments} segment(s), {j.BytesWritten:N0} bytes ({(double)j.BytesWritten / (s.Digest.Count * 64):P1} of raw)");
        o.WriteLine($"  time     {result.Elapsed.TotalMilliseconds:N0} ms, {eps:N0} inputs/s ({e.Topology.Name()})");
    }
}
