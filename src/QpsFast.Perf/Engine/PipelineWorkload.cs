using System.Diagnostics;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Journal;
using QpsFast.Ring;

namespace QpsFast.Perf.Engine;

/// <summary>
/// The whole pipeline (aggregator, five alphas, risk, broker, portfolio) over synthetic data, journal off: the output
/// stage is a <see cref="StatsSink"/> (stream digest and counts). The base data set (default 5 days, 4 symbols; or the
/// records given, a catalog selection) is replayed as often as needed with its times shifted by whole spans, so any
/// event count can be pushed through one long-lived engine.
/// </summary>
public sealed class PipelineWorkload : IDisposable
{
    private const int Chunk = 4096;
    private readonly Record[] _base;
    private readonly long _span;
    private readonly Record[] _chunk = new Record[Chunk];
    private readonly long[] _stamps = new long[Chunk];
    private readonly TradingEngine _engine;
    private int _index;
    private long _shift;

    /// <summary>
    /// Builds and starts the engine with <paramref name="settings"/> (default: the built-in defaults); with
    /// <paramref name="journalDirectory"/>, the output stage is the journal, waiting with <paramref name="outputWait"/>
    /// (default: <paramref name="wait"/>); <paramref name="cpus"/> pins the stage threads (see <see cref="EngineBuilder.Cpus"/>);
    /// <paramref name="build"/>, when given, builds the engine (journal off) instead of the built-in alphas alone: for user strategies;
    /// <paramref name="data"/>, when given, is the base data set (symbol names and records in stream order) instead of the synthetic market;
    /// <paramref name="inlineFeed"/> runs the engine on the publishing thread (<see cref="EngineBuilder.InlineFeed"/>).
    /// </summary>
    public PipelineWorkload(Topology topology, WaitKind wait, int symbols = 4, int days = 5, int ringSize = 1024, string? journalDirectory = null, EngineSettings? settings = null, WaitKind? outputWait = null, int[]? cpus = null,
        Func<EngineBuilder, StreamStats, TradingEngine>? build = null, (IReadOnlyList<string> Names, Record[] Records)? data = null, bool inlineFeed = false)
    {
        IReadOnlyList<string> names;
        if (data is { } given)
        {
            (names, _base) = (given.Names, given.Records);
        }
        else
        {
            var list = new List<Record>();
            var market = new SyntheticMarket(new SyntheticOptions(Days: days, Symbols: symbols));
            market.Generate(c => list.AddRange(c));
            (names, _base) = (SyntheticMarket.NamesFor(symbols), [.. list]);
        }
        _span = (_base[^1].TimeNs - _base[0].TimeNs) + 60_000_000_000;
        var builder = new EngineBuilder(settings ?? new EngineSettings(), names) { Topology = topology, Wait = wait, RingSize = ringSize, OutputWait = outputWait, Cpus = cpus, InlineFeed = inlineFeed };
        if (journalDirectory is not null)
        {
            Journal = new JournalWriter(new JournalOptions { Directory = journalDirectory });
            Stats = Journal.NewStats();
            _engine = builder.Build(new JournalSink(Journal, Stats));
        }
        else
        {
            Stats = new StreamStats();
            _engine = build is not null ? build(builder, Stats) : builder.Build(new StatsSink(Stats));
        }
        _engine.Start(42, _base[0].TimeNs);
    }

    /// <summary>Returns the output stage's statistics.</summary>
    public StreamStats Stats { get; }

    /// <summary>Returns the journal writer, when the journal is on.</summary>
    public JournalWriter? Journal { get; }

    /// <summary>At the maximum rate, one event in this many is stamped (the first of each batch).</summary>
    public const int SampleEvery = 16;

    /// <summary>
    /// Publishes the next <paramref name="events"/> inputs one at a time, each stamped with
    /// <see cref="Stopwatch.GetTimestamp"/>, paced to <paramref name="rate"/> events per second (0: as fast as
    /// possible, in batches of <see cref="SampleEvery"/> with the first of each stamped), and waits until the output
    /// stage has seen them; returns the elapsed time.
    /// </summary>
    public TimeSpan RunStamped(long events, double rate)
    {
        long target = Stats.Inputs + events;
        double ticksPerEvent = rate > 0 ? Stopwatch.Frequency / rate : 0;
        long start = Stopwatch.GetTimestamp();
        if (ticksPerEvent == 0)
        {
            // As fast as possible: batches of 16, the first event of each stamped just before its batch is published
            // (a clock read costs about 30 ns on this VM's kvm-clock, with one more when the core records it: stamping
            // every event would cost more than the engine's work; one in 16 is a uniform sample of the latencies).
            long left = events;
            while (left > 0)
            {
                int n = (int)Math.Min(SampleEvery, left);
                for (int i = 0; i < n; i++)
                    Next(out _chunk[i]);
                _stamps[0] = Stopwatch.GetTimestamp();
                _engine.PublishStamped(_chunk.AsSpan(0, n), _stamps.AsSpan(0, n));
                left -= n;
            }
            var wait = new SpinWait();
            while (Stats.Inputs < target)
                wait.SpinOnce(sleep1Threshold: -1);
            return Stopwatch.GetElapsedTime(start);
        }
        for (long i = 0; i < events; i++)
        {
            if (ticksPerEvent > 0)
            {
                long due = start + (long)(i * ticksPerEvent);
                while (Stopwatch.GetTimestamp() < due)
                {
                    // paced producer: spin to the next send time
                }
            }
            Next(out var r);
            _engine.PublishStamped(in r, Stopwatch.GetTimestamp());
        }
        var spin = new SpinWait();
        while (Stats.Inputs < target)
            spin.SpinOnce(sleep1Threshold: -1);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>Returns the engine.</summary>
    public TradingEngine Engine => _engine;

    /// <summary>Publishes the next <paramref name="events"/> inputs and waits until the output stage has seen them; returns the elapsed time.</summary>
    public TimeSpan Run(long events)
    {
        long target = Stats.Inputs + events;
        long start = Stopwatch.GetTimestamp();
        long left = events;
        while (left > 0)
        {
            int n = (int)Math.Min(left, Chunk);
            for (int i = 0; i < n; i++)
            {
                Next(out _chunk[i]);
            }
            _engine.Publish(_chunk.AsSpan(0, n));
            left -= n;
        }
        var spin = new SpinWait();
        while (Stats.Inputs < target)
            spin.SpinOnce(sleep1Threshold: -1);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>The next input: the base data set in a loop, each pass shifted by one more span.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Next(out Record r)
    {
        r = _base[_index];
        r.TimeNs += _shift;
        if (++_index == _base.Length)
        {
            _index = 0;
            _shift += _span;
        }
    }

    /// <summary>Stops the engine and closes the journal.</summary>
    public void Dispose()
    {
        _engine.Complete();
        Journal?.Dispose();
    }
}
