using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// The one door into a live session's ring: the feed handler, the execution-report reader and the session's own
/// timers publish through it, under one lock, so their arrival order is the journal's order (the LMAX input log). It
/// keeps the input clock monotonic: an execution report enters at the clock (the time of the last input), since the
/// market data it followed at the venue may still be on its way on the other connection; its venue time stays in the
/// payload.
/// </summary>
public sealed class SessionInputs(TradingEngine engine)
{
    // A spin lock, not System.Threading.Lock: the latter allocates its wait event the first time a thread blocks on it,
    // which happened after warm-up in 1 run of 4 (280 bytes on the feed thread, AllocationTests). The critical section is
    // one publish into the ring; SpinLock backs off to yielding and sleeping and never allocates.
    private SpinLock _gate = new(enableThreadOwnerTracking: false);

    /// <summary>Returns the market records published (what to ask a venue for again after a reconnect starts here).</summary>
    public long MarketRecords { get; private set; }

    /// <summary>Returns the execution reports published.</summary>
    public long Reports { get; private set; }

    /// <summary>Starts the counts where a resumed journal's end is.</summary>
    public void ContinueFrom(long marketRecords, long reports)
    {
        MarketRecords = marketRecords;
        Reports = reports;
    }

    /// <summary>Returns the engine.</summary>
    public TradingEngine Engine => engine;

    /// <summary>Publishes market records that arrived together, each stamped with its receive time, in one hand-off to the ring.</summary>
    /// <exception cref="ProtocolException">The venue's clock went backwards.</exception>
    public void Market(ReadOnlySpan<Record> records, ReadOnlySpan<long> receiveStampsNs, long lastWireSequence)
    {
        using (new Held(ref _gate))
        {
            long last = engine.LastTimeNs;
            for (int i = 0; i < records.Length; i++)
            {
                if (records[i].TimeNs < last)
                    ThrowBackwards(records[i].TimeNs, lastWireSequence - records.Length + 1 + i);
                last = records[i].TimeNs;
            }
            engine.PublishStamped(records, receiveStampsNs);
            MarketRecords += records.Length;
        }
    }

    /// <summary>Publishes an execution report.</summary>
    public void Execution(Record r)
    {
        using (new Held(ref _gate))
        {
            r.TimeNs = engine.LastTimeNs;
            engine.Publish(in r);
            if (!IsReconciliation((ExecType)r.Flags))
                Reports++; // a venue resends business reports after a reconnect, never an old reconciliation
        }
    }

    /// <summary>
    /// Publishes a heartbeat, an input that carries time without data: from the venue (its clock in
    /// <c>Control.LastTimeNs</c>), the session's wall-clock timer (the UTC wall time there, the tick in
    /// <c>Control.Count</c>), or the session itself (draining at its end). Its time is the input clock.
    /// </summary>
    public void Heartbeat(long timeNs, HeartbeatSource source = HeartbeatSource.Session, long count = 0)
    {
        using (new Held(ref _gate))
        {
            var beat = new Record { TimeNs = engine.LastTimeNs, Kind = RecordKind.Heartbeat, Symbol = RecordDescriptor.AllSymbols, Flags = (ushort)source };
            if (source != HeartbeatSource.Session)
            {
                beat.Control.LastTimeNs = timeNs;
                beat.Control.Count = count;
            }
            engine.Publish(in beat);
        }
    }

    /// <summary>Returns whether an execution report is part of a reconciliation (not counted, never resent).</summary>
    public static bool IsReconciliation(ExecType type) => type is ExecType.Status or ExecType.Position or ExecType.ReconcileEnd;

    /// <summary>Publishes the session end.</summary>
    public void End()
    {
        using (new Held(ref _gate))
        {
            engine.End();
        }
    }

    /// <summary>Waits until the engine has handled every input published so far; false if it faulted.</summary>
    public bool WaitUntilProcessed()
    {
        using (new Held(ref _gate))
        {
            return engine.WaitUntilProcessed();
        }
    }

    /// <summary>Holds the spin lock for a using block.</summary>
    private readonly ref struct Held
    {
        private readonly ref SpinLock _lock;

        public Held(ref SpinLock gate)
        {
            _lock = ref gate;
            bool taken = false;
            gate.Enter(ref taken);
        }

        public void Dispose() => _lock.Exit(useMemoryBarrier: false);
    }

    private static void ThrowBackwards(long time, long sequence) =>
        throw new ProtocolException($"market-data session: message {sequence} has event time {time}, earlier than the input before it: the venue's clock went backwards");
}
