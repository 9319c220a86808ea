using System.Diagnostics;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Ring;

namespace QpsFast.Perf.Journal;

/// <summary>
/// The journal's costs on the default synthetic data: the record stream of a real pipeline run (inputs and derived
/// records) is written through <see cref="JournalWriter"/> (renumbered and repeated for any record count), decoded
/// back through <see cref="JournalReader"/>, and a live journal is verified by <see cref="ReplayVerifier"/>.
/// </summary>
public sealed class JournalWorkload : IDisposable
{
    private readonly Record[] _stream;

    /// <summary>
    /// Runs the default synthetic market (4 symbols, <paramref name="days"/> days) through the pipeline with
    /// <paramref name="settings"/> (default: the built-in defaults) and keeps its record stream.
    /// </summary>
    public JournalWorkload(int days = 5, EngineSettings? settings = null)
    {
        Root = Directory.CreateTempSubdirectory("qps-bench-journal-").FullName;
        var records = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: days)).Generate(c => records.AddRange(c));
        LiveJournal = Path.Combine(Root, "live");
        var manifest = new SessionManifest("bench", SyntheticMarket.NamesFor(4), 42, Topology.Fused.Name(), settings ?? new EngineSettings());
        RunSession(new SessionPlan { Manifest = manifest, JournalDirectory = LiveJournal }, records.ToArray());
        var stream = new List<Record>();
        JournalReader.Open(LiveJournal).Read(r => stream.AddRange(r.ToArray()));
        _stream = [.. stream];
        Inputs = records.Count + 2;
    }

    /// <summary>Returns the temp folder of every journal written.</summary>
    public string Root { get; }

    /// <summary>Returns the journal of the pipeline run (for replay verification).</summary>
    public string LiveJournal { get; }

    /// <summary>Returns the records of one pipeline run.</summary>
    public int StreamRecords => _stream.Length;

    /// <summary>Returns the inputs of one pipeline run.</summary>
    public long Inputs { get; }

    private int _runs;

    /// <summary>
    /// Writes <paramref name="records"/> records (the run's stream, renumbered, repeated) in batches of
    /// <paramref name="batch"/> with a flush after each, as the journal stage does at each end of batch.
    /// Returns the elapsed time, bytes written, and the folder.
    /// </summary>
    public (TimeSpan Elapsed, long Bytes, string Directory) Write(long records, int batch = 256, FsyncPolicy fsync = FsyncPolicy.Interval)
    {
        var dir = Path.Combine(Root, $"write-{_runs++}");
        var chunk = new Record[batch];
        long sequence = 0;
        int position = 0;
        var clock = Stopwatch.StartNew();
        using (var writer = new JournalWriter(new JournalOptions { Directory = dir, Fsync = fsync }))
        {
            while (sequence < records)
            {
                int n = (int)Math.Min(batch, records - sequence);
                for (int i = 0; i < n; i++)
                {
                    chunk[i] = _stream[position];
                    chunk[i].Sequence = sequence++;
                    if (++position == _stream.Length)
                        position = 0;
                }
                writer.Append(chunk.AsSpan(0, n));
                writer.Flush();
            }
            clock.Stop();
            return (clock.Elapsed, writer.BytesWritten, dir);
        }
    }

    private readonly Record[] _chunk = new Record[256];
    private long _appendSequence;
    private int _appendPosition;

    /// <summary>
    /// Appends <paramref name="records"/> more records of the run's stream (renumbered to continue) to a long-lived
    /// <paramref name="writer"/>, in batches of 256 with a flush each. Allocation-free (between segment rolls).
    /// </summary>
    public void Append(JournalWriter writer, long records)
    {
        long end = _appendSequence + records;
        while (_appendSequence < end)
        {
            int n = (int)Math.Min(_chunk.Length, end - _appendSequence);
            for (int i = 0; i < n; i++)
            {
                _chunk[i] = _stream[_appendPosition];
                _chunk[i].Sequence = _appendSequence++;
                if (++_appendPosition == _stream.Length)
                    _appendPosition = 0;
            }
            writer.Append(_chunk.AsSpan(0, n));
            writer.Flush();
        }
    }

    /// <summary>Reads a journal back; returns the elapsed time and the records read.</summary>
    public static (TimeSpan Elapsed, long Records) Decode(string directory)
    {
        var reader = JournalReader.Open(directory);
        long count = 0;
        var clock = Stopwatch.StartNew();
        reader.Read(r => count += r.Length);
        return (clock.Elapsed, count);
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The workload's session has no user strategy: no type is loaded at run time.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The workload's session has no user strategy: no generic code is instantiated at run time.")]
    private static void RunSession(SessionPlan plan, Record[] records) => SessionRunner.Run(plan, records);

    /// <summary>Replays and verifies the live journal; returns the result.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The workload's journal records no user strategy: no type is loaded at run time.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The workload's journal records no user strategy: no generic code is instantiated at run time.")]
    public ReplayResult Verify(Topology topology = Topology.Fused) =>
        ReplayVerifier.Run(LiveJournal, new ReplayVerifier.Options { Topology = topology });

    /// <summary>Deletes every journal written.</summary>
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
