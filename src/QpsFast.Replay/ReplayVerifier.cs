using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Ring;
using QpsFast.Journal;

namespace QpsFast.Replay;

/// <summary>
/// Replays a journal: rebuilds the pipeline from the configuration recorded in it, re-publishes its input records,
/// and compares every record the fresh pipeline produces with the journal's, byte for byte.
/// </summary>
/// <remarks>
/// The feed (the calling thread) reads the journal one frame at a time (<see cref="JournalReader"/>). Every journal
/// record goes into a bounded expected-record ring; an input is published into the pipeline only after the next
/// input has been pushed, so when the verifying output stage handles a slot, the journal's whole group for that input
/// (the input and its derived records) is waiting in the ring. The verifying stage runs on the engine's last thread
/// (<see cref="EngineBuilder.InlineOutput"/>): two busy threads, the feed and the engine, one per core on 2 cores.
/// </remarks>
public static class ReplayVerifier
{
    private const int PendingInputs = 64;

    /// <summary>Options of a replay.</summary>
    public sealed record Options
    {
        /// <summary>The topology to replay with (default: the one recorded).</summary>
        public Topology? Topology { get; init; }

        /// <summary>The wait strategy.</summary>
        public WaitKind Wait { get; init; } = WaitKind.Yield;

        /// <summary>Ring slots.</summary>
        public int RingSize { get; init; } = 1024;

        /// <summary>Where to write the replay's own stream as a journal, if anywhere.</summary>
        public string? JournalOut { get; init; }

        /// <summary>Settings to replay with instead of the recorded ones (to see where a change diverges).</summary>
        public EngineSettings? SettingsOverride { get; init; }

        /// <summary>The types of the user strategies the manifest records (by full name); none needed without user strategies.</summary>
        public StrategyRegistry Strategies { get; init; } = new();

        /// <summary>Parameters to replay a strategy with instead of the recorded ones, by strategy name (a what-if).</summary>
        public IReadOnlyDictionary<string, string>? StrategyParametersOverride { get; init; }
    }

    /// <summary>Replays the journal in <paramref name="journalDirectory"/>.</summary>
    /// <exception cref="JournalCorruptException">The journal is damaged (other than a torn tail).</exception>
    /// <exception cref="Engine.Config.ConfigException">The recorded configuration is missing or invalid.</exception>
    /// <exception cref="StrategyLoadException">A recorded user strategy cannot be built: the message names it.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static ReplayResult Run(string journalDirectory, Options options)
    {
        var clock = Stopwatch.StartNew();
        var reader = JournalReader.Open(journalDirectory);
        var manifest = SessionManifest.Parse(reader.ReadConfiguration(), reader.SegmentPaths[0]);
        var settings = options.SettingsOverride ?? manifest.Settings;
        var topology = options.Topology ?? TopologyNames.Parse(manifest.Topology);
        // The expected ring must hold the groups of every input the feed has pushed but not yet published (at most
        // PendingInputs groups of at most Outbox.Capacity + 2 records), or the feed would wait on a verifier that waits on
        // it; four times that keeps the feed well ahead without a large allocation.
        var expected = new ExpectedStream((int)BitOperations.RoundUpToPowerOf2((uint)(4 * PendingInputs * (Outbox.Capacity + 2))));
        JournalWriter? output = null;
        if (options.JournalOut is { } outDir)
        {
            // Same header, framing and segment size as the live journal: the files come out byte-identical.
            var first = reader.ReadFirstHeader();
            output = new JournalWriter(new JournalOptions { Directory = outDir, Configuration = first.Configuration, MaxSegmentBytes = first.MaxSegmentBytes });
        }
        var comparator = new ReplayComparator(expected, output);
        // The comparator runs on the engine's last thread: feed and engine then have a core each on 2 cores.
        var specs = manifest.Strategies.Select(s => options.StrategyParametersOverride?.GetValueOrDefault(s.Name) is { } p ? s with { ParametersJson = p } : s).ToArray();
        var builder = new EngineBuilder(settings, manifest.Symbols) { Topology = topology, Wait = options.Wait, RingSize = options.RingSize, InlineOutput = true, RemoteVenue = manifest.Venue is not null };
        TradingEngine engine;
        try
        {
            engine = StrategyHost.Build(builder, specs, options.Strategies, manifest.Symbols, new VerifyingSink(comparator));
            engine.StartThreads();
        }
        catch
        {
            output?.Abandon(); // releases its lock; nothing was written
            throw;
        }
        // Inputs wait here until a later input has been pushed to the expected ring (so their groups are complete),
        // then go into the pipeline in batches.
        var pending = new Record[PendingInputs];
        int pendingCount = 0;
        bool readAll = false, finished = false;
        try
        {
            reader.Read(frame =>
            {
                comparator.ObserveJournal(frame);
                int pushed = 0;
                for (int i = 0; i < frame.Length; i++)
                {
                    if (frame[i].Source != SourceId.Feed)
                        continue;
                    if (pendingCount == pending.Length)
                    {
                        // Push up to and including this input first: the pending inputs' groups are then complete.
                        expected.Push(frame[pushed..(i + 1)]);
                        pushed = i + 1;
                        engine.Publish(pending.AsSpan(0, pendingCount));
                        pendingCount = 0;
                    }
                    pending[pendingCount++] = frame[i];
                }
                expected.Push(frame[pushed..]);
            });
            readAll = true;
        }
        finally
        {
            try
            {
                // A journal cut short (torn, unsealed, or its last segment lost) may end inside an input's group.
                expected.Complete(truncated: !reader.Complete);
                engine.Publish(pending.AsSpan(0, pendingCount));
                engine.Drain();
                comparator.Finish();
                finished = readAll;
            }
            finally
            {
                // The replay's own journal ends only if the replay read the whole journal and its engine finished;
                // otherwise it is left as a crash leaves one (unsealed).
                if (finished)
                    output?.Dispose();
                else
                    output?.Abandon();
            }
        }
        var lines = new List<ReplayLine>();
        long capital = Money.Create(settings.Portfolio.CapitalPerAlpha).Raw;
        var sources = engine.Core.AlphaSources;
        long liveTotalTrades = 0, replayTotalTrades = 0;
        var names = manifest.Books.ToDictionary(b => b.Source, b => b.Name);
        foreach (var source in sources)
        {
            lines.Add(Line(names.GetValueOrDefault(source, AlphaIds.NameOf(source)), source, comparator, capital));
            liveTotalTrades += comparator.LiveFills[source];
            replayTotalTrades += comparator.ReplayFills[source];
        }
        long totalCapital = capital * sources.Length;
        lines.Add(new ReplayLine("portfolio", SourceId.Portfolio,
            Pnl(comparator.LiveEquity[SourceId.Portfolio], totalCapital), Pnl(comparator.ReplayEquity[SourceId.Portfolio], totalCapital),
            liveTotalTrades, replayTotalTrades));
        return new ReplayResult(manifest.Session, topology.Name(), comparator.Inputs, comparator.LiveRecords, comparator.ReplayRecords,
            reader.StreamDigest ?? 0, comparator.ReplayDigest, comparator.Mismatches, comparator.First, lines, reader.TornTail, clock.Elapsed)
        {
            Unjournaled = comparator.Unjournaled,
            Sealed = reader.SealedSegments == reader.SegmentPaths.Count,
            EndProblem = reader.EndProblem,
        };
    }

    private static ReplayLine Line(string name, byte source, ReplayComparator c, long capital) =>
        new(name, source, Pnl(c.LiveEquity[source], capital), Pnl(c.ReplayEquity[source], capital), c.LiveFills[source], c.ReplayFills[source]);

    private static long Pnl(long equity, long capital) => equity == 0 ? 0 : equity - capital;
}
