using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>
/// Where a journal cut short by a crash stands, ready to be continued (<c>qps live --resume</c>): its torn tail
/// repaired, its last segment sealed, and what the resumed session needs to go on: the next sequence, the stream
/// digest's state, the configuration, and how many market records and execution reports it holds (what to ask the
/// venue for again).
/// </summary>
/// <param name="Configuration">The session manifest (the first segment's header).</param>
/// <param name="NextSequence">The sequence the next record gets.</param>
/// <param name="Digest">The stream digest of every record kept.</param>
/// <param name="Segments">The segments, all sealed now.</param>
/// <param name="MarketRecords">Market inputs (bars, book levels, trades) in the journal.</param>
/// <param name="Reports">Execution-report inputs in the journal.</param>
/// <param name="Ended">Whether the session's end input is in the journal (a venue session may still be resumed until its logout).</param>
/// <param name="MaxSegmentBytes">The journal's segment size.</param>
/// <param name="Repair">What the tail repair did.</param>
/// <param name="SealedNow">Whether this sealed the last segment (the crash left it open).</param>
public sealed record JournalContinuation(string Configuration, long NextSequence, RecordStreamDigest Digest, int Segments,
    long MarketRecords, long Reports, bool Ended, long MaxSegmentBytes, JournalRepair.Result Repair, bool SealedNow)
{
    /// <summary>Returns whether the session logged out of its venue (its last input): nothing is left to resume.</summary>
    public bool LoggedOut { get; init; }

    /// <summary>Returns whether the journal already ended (its last seal is final): it cannot be continued.</summary>
    public bool Complete { get; init; }

    private JournalLock? _lock;

    /// <summary>Hands the journal's lock, held since <see cref="Prepare"/>, to the writer that continues it.</summary>
    internal JournalLock TakeLock() =>
        Interlocked.Exchange(ref _lock, null) ?? throw new InvalidOperationException("this continuation's journal lock was already taken or released");

    /// <summary>Releases the journal's lock when no writer takes the continuation over (the resume stopped early).</summary>
    public void Release() => Interlocked.Exchange(ref _lock, null)?.Dispose();

    /// <summary>
    /// Takes the journal's lock, repairs the tail, seals the last segment if a crash left it open, and counts what the
    /// journal holds. The lock stays held: a <see cref="JournalWriter"/> built on the continuation takes it over, or
    /// <see cref="Release"/> lets it go.
    /// </summary>
    /// <exception cref="JournalCorruptException">Damage other than a torn tail.</exception>
    /// <exception cref="JournalLockedException">Another writer holds the journal.</exception>
    /// <exception cref="RepairRefusedException">The tail holds valid frames beyond a bad one (repair them with force first).</exception>
    /// <exception cref="InvalidDataException">The journal holds no record at all.</exception>
    public static JournalContinuation Prepare(string directory, string stream = "records")
    {
        var held = JournalLock.Acquire(directory, stream);
        try
        {
            var continuation = PrepareLocked(directory, stream);
            continuation._lock = held;
            return continuation;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private static JournalContinuation PrepareLocked(string directory, string stream)
    {
        var repair = JournalRepair.RepairLocked(directory, stream, force: false);
        var reader = JournalReader.Open(directory, stream);
        long market = 0, reports = 0;
        bool ended = false, loggedOut = false;
        reader.Read(frame =>
        {
            foreach (ref readonly var r in frame)
            {
                if (r.Source != SourceId.Feed)
                    continue;
                if (r.IsMarketData)
                    market++;
                else if (r.Kind == RecordKind.Execution && (ExecType)r.Flags is not (ExecType.Status or ExecType.Position or ExecType.ReconcileEnd))
                    reports++; // a reconciliation's reports are never resent, so they do not count
                else if (r.Kind == RecordKind.SessionEnd)
                    ended = true;
                else if (r.Kind == RecordKind.Heartbeat && r.Flags == (ushort)HeartbeatSource.LoggedOut)
                    loggedOut = true;
            }
        });
        if (reader.RecordCount == 0)
            throw new InvalidDataException($"{directory}: the journal holds no record to resume from");
        var header = reader.ReadFirstHeader();
        bool sealNow = reader.SealedSegments < reader.SegmentPaths.Count;
        int segments = reader.SegmentPaths.Count;
        if (sealNow && reader.OpenSegmentFrames.Count == 0 && segments > 1)
        {
            // A torn write left a last segment with its header and no frame: drop it, the next segment takes its name.
            File.Delete(reader.SegmentPaths[^1]);
            segments--;
            sealNow = false;
        }
        if (sealNow)
        {
            var frames = reader.OpenSegmentFrames.ToArray();
            var seal = SegmentSeal.Write(new byte[SegmentSeal.BufferSize(frames.Length)], frames, reader.LastSequence, reader.DigestState().Value, final: false);
            using var f = new FileStream(reader.SegmentPaths[^1], FileMode.Append, FileAccess.Write);
            f.Write(seal);
            f.Flush(flushToDisk: true);
        }
        return new JournalContinuation(header.Configuration, reader.LastSequence + 1, reader.DigestState(), segments,
            market, reports, ended, header.MaxSegmentBytes, repair, sealNow) { LoggedOut = loggedOut, Complete = reader.Complete };
    }
}
