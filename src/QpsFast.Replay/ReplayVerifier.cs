using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.ExceptionServices;
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
/// A reader thread reads the journal one frame at a time (<see cref="JournalReader"/>) into a bounded expected-record
/// ring; the calling thread publishes each input once the next one has been read, so when the verifying output stage
/// handles a slot, the journal's whole group for that input (the input and its derived records) is waiting in the
/// ring (<see cref="ReplayFeed"/>). The engine's first stage runs on the calling thread and the verifier on its last
/// (<see cref="EngineBuilder.InlineOutput"/>): fused, two busy threads, the reader and the engine, one per core on 2 cores.
/// </remarks>
public static class ReplayVerifier
{
    internal const int PendingInputs = 64; // the most inputs read but not yet published (ReplayFeed publishes runs of at most this many)

    /// <summary>Options of a replay.</summary>
    public sealed record Options
    {
        /// <summary>The topology to replay with (default: the one recorded).</summary>
        public Topology? Topology { get; init; }

        /// <summary>The wait strategy.</summary>
        public WaitKind Wait { get; init; } = WaitKind.Yield;

        /// <summary>
        /// Ring slots (default: 64 fused, where the whole engine runs inline on the publishing thread and a ring that
        /// stays in the core's cache is quicker, 1.0-1.1x; 1,024 staged, whose stages run on threads of their own).
        /// </summary>
        public int? RingSize { get; init; }

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
        // The expected ring must hold what the verifier has not yet released when the reader claims room (up to the
        // comparator's release batch, ReplayComparator.MaxRun records, plus the groups of the inputs read but not yet
        // published, at most PendingInputs groups of at most Outbox.Capacity + 2 records, plus the reader's claim of 256),
        // or the reader would wait on a verifier that waits on it. 8,192 records, the next power of two above the
        // pending groups alone, holds all of it with room to spare and is 512 KB: a pinned array. Not 32,768 (2 MiB of
        // native memory, whose pages a replay touched for the first time: 5 ms of a 25 ms replay whenever no huge page
        // was to be had; performance/replay.md).
        var expected = new ExpectedStream((int)BitOperations.RoundUpToPowerOf2((uint)(PendingInputs * (Outbox.Capacity + 2))));
        JournalWriter? output = null;
        if (options.JournalOut is { } outDir)
        {
            // Same header, framing and segment size as the live journal: the files come out byte-identical.
            var first = reader.ReadFirstHeader();
            output = new JournalWriter(new JournalOptions { Directory = outDir, Configuration = first.Configuration, MaxSegmentBytes = first.MaxSegmentBytes });
        }
        var comparator = new ReplayComparator(expected, output, records => JournalPrefix(journalDirectory, records));
        // The comparator runs on the engine's last thread, the engine on the publishing thread (ReplayFeed): the reader
        // and the engine then have a core each on 2 cores.
        var specs = manifest.Strategies.Select(s => options.StrategyParametersOverride?.GetValueOrDefault(s.Name) is { } p ? s with { ParametersJson = p } : s).ToArray();
        var builder = new EngineBuilder(settings, manifest.Symbols) { Topology = topology, Wait = options.Wait, RingSize = options.RingSize ?? (topology == Topology.Fused ? 64 : 1024), InlineFeed = true, InlineOutput = true, RemoteVenue = manifest.Venue is not null };
        var feed = ReplayFeed.Start(reader, expected, comparator); // reads while the engine is built; stopped if that fails
        TradingEngine engine;
        try
        {
            engine = StrategyHost.Build(builder, specs, options.Strategies, manifest.Symbols, new VerifyingSink(comparator));
            engine.StartThreads();
        }
        catch (Exception e)
        {
            feed.Stop(e);
            expected.Release();
            output?.Abandon(); // releases its lock; nothing was written
            throw;
        }
        bool finished = false;
        Exception? readFault;
        try
        {
            try
            {
                readFault = feed.Run(engine);
            }
            catch (PipelineFaultedException)
            {
                engine.Drain(); // stops the other stages and throws the stage's fault, naming its input
                throw;
            }
            engine.Drain();
            comparator.Finish();
            finished = readFault is null;
        }
        finally
        {
            try
            {
                // Stops any stage still running (a staged replay stopped by an error on this thread) before the
                // output journal is closed under it; the ring's pages go back now, for the next replay to reuse.
                engine.Dispose();
            }
            finally
            {
                try
                {
                    // The replay's own journal ends only if the replay read the whole journal and its engine
                    // finished; otherwise it is left as a crash leaves one (unsealed).
                    if (finished)
                        output?.Dispose();
                    else
                        output?.Abandon();
                }
                finally
                {
                    expected.Release();
                }
            }
        }
        if (readFault is not null)
            ExceptionDispatchInfo.Throw(readFault);
        var lines = new List<ReplayLine>();
        long capital = Money.Create(settings.Portfolio.CapitalPerAlpha).Raw;
        var sources = engine.Core.AlphaSources;
        long liveTotalTrades = 0, replayTotalTrades = 0;
        var names = manifest.Books.ToDictionary(b => b.Source, b => b.Name);
        foreach (var source in sources)
        {
            lines.Add(Line(names.GetValueOrDefault(source, AlphaIds.NameOf(source)), source, comparator, capital));
            liveTotalTrades += comparator.Live.Fills[source];
            replayTotalTrades += comparator.Replay.Fills[source];
        }
        long totalCapital = capital * sources.Length;
        lines.Add(new ReplayLine("portfolio", SourceId.Portfolio,
            Pnl(comparator.Live.Equity[SourceId.Portfolio], totalCapital), Pnl(comparator.Replay.Equity[SourceId.Portfolio], totalCapital),
            liveTotalTrades, replayTotalTrades));
        return new ReplayResult(manifest.Session, topology.Name(), comparator.Inputs, comparator.LiveRecords, comparator.ReplayRecords,
            reader.StreamDigest ?? 0, comparator.ReplayDigest(reader.StreamDigest ?? 0), comparator.Mismatches, comparator.First, lines, reader.TornTail, clock.Elapsed)
        {
            Unjournaled = comparator.Unjournaled,
            Sealed = reader.SealedSegments == reader.SegmentPaths.Count,
            EndProblem = reader.EndProblem,
        };
    }

    /// <summary>
    /// Returns the digest, marks and fills of the journal's first <paramref name="records"/> records, read again from
    /// its start (once, at a replay's first difference: the replay's records before it are the journal's).
    /// </summary>
    private static (RecordStreamDigest, StreamTally) JournalPrefix(string journalDirectory, long records)
    {
        var digest = new RecordStreamDigest();
        var tally = new StreamTally();
        long left = records;
        if (left > 0)
        {
            JournalReader.Open(journalDirectory).ReadFrom(JournalPosition.Start, frame =>
            {
                int n = (int)Math.Min(left, frame.Length);
                digest.Append(frame[..n]);
                tally.Add(frame[..n]);
                left -= n;
            }, maxRecords: records);
        }
        return (digest, tally);
    }

    private static ReplayLine Line(string name, byte source, ReplayComparator c, long capital) =>
        new(name, source, Pnl(c.Live.Equity[source], capital), Pnl(c.Replay.Equity[source], capital), c.Live.Fills[source], c.Replay.Fills[source]);

    private static long Pnl(long equity, long capital) => equity == 0 ? 0 : equity - capital;
}
