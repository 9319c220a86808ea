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
    private readonly Lock _gate = new();

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

    /// <summary>Publishes a market record stamped with its receive time (not journaled: measurement only).</summary>
    /// <exception cref="ProtocolException">The venue's clock went backwards.</exception>
    public void Market(in Record r, long receiveStampNs, long wireSequence)
    {
        lock (_gate)
        {
            if (r.TimeNs < engine.LastTimeNs)
                ThrowBackwards(r.TimeNs, wireSequence);
            engine.PublishStamped(in r, receiveStampNs);
            MarketRecords++;
        }
    }

    /// <summary>Publishes market records that arrived together, each stamped with its receive time, in one hand-off to the ring.</summary>
    /// <exception cref="ProtocolException">The venue's clock went backwards.</exception>
    public void Market(ReadOnlySpan<Record> records, ReadOnlySpan<long> receiveStampsNs, long lastWireSequence)
    {
        lock (_gate)
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
        lock (_gate)
        {
            r.TimeNs = engine.LastTimeNs;
            engine.Publish(in r);
            Reports++;
        }
    }

    /// <summary>Publishes a heartbeat: time passes (a venue heartbeat, or the session's own timer).</summary>
    public void Heartbeat(long timeNs)
    {
        lock (_gate)
        {
            var beat = new Record { TimeNs = Math.Max(timeNs, engine.LastTimeNs), Kind = RecordKind.Heartbeat, Symbol = RecordDescriptor.AllSymbols };
            engine.Publish(in beat);
        }
    }

    /// <summary>Publishes the session end.</summary>
    public void End()
    {
        lock (_gate)
            engine.End();
    }

    /// <summary>Waits until the engine has handled every input published so far; false if it faulted.</summary>
    public bool WaitUntilProcessed()
    {
        lock (_gate)
            return engine.WaitUntilProcessed();
    }

    private static void ThrowBackwards(long time, long sequence) =>
        throw new ProtocolException($"market-data session: message {sequence} has event time {time}, earlier than the input before it: the venue's clock went backwards");
}
