using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Journal;
using QpsFast.Ring;

namespace QpsFast.Replay;

/// <summary>
/// How a replay's inputs reach its pipeline. A reader thread reads the journal frame by frame into the expected-record
/// ring (and takes the journal's side of the comparison as it goes); the calling thread scans that ring for inputs and
/// publishes each once the next input is there, so the journal's whole group for an input is waiting when the
/// verifier compares it. The engine's first stage runs on the calling thread (<see cref="EngineBuilder.InlineFeed"/>):
/// fused, the whole pipeline and the verifier do.
/// </summary>
/// <remarks>
/// The split puts the journal's reading (file reads, checksums, LZ4, the stream digest) on one core and the engine
/// with the comparison on the other. The input slots and the expected records are then written and read on the same
/// core: the only bytes that cross between the cores are the expected records, once each. Before, the feed both read
/// the journal and published into the engine's ring, so every input crossed twice and the ring's lines went back and
/// forth (docs/performance/replay.md).
/// </remarks>
internal sealed class ReplayFeed
{
    private readonly ExpectedStream _expected;
    private readonly Thread _thread;
    private Exception? _readFault;

    private ReplayFeed(JournalReader reader, ExpectedStream expected, ReplayComparator comparator)
    {
        _expected = expected;
        _thread = new Thread(() =>
        {
            try
            {
                reader.Read(frame =>
                {
                    comparator.ObserveJournal(frame);
                    expected.Push(frame);
                });
            }
            catch (Exception e)
            {
                _readFault = e;
            }
            finally
            {
                // A journal cut short (torn, unsealed, its last segment lost, or damaged) may end inside a group.
                expected.Complete(truncated: !reader.Complete);
            }
        })
        { Name = "journal-reader", IsBackground = true };
    }

    /// <summary>
    /// Starts reading the journal into <paramref name="expected"/> on a thread of its own, before the engine exists:
    /// starting a thread, opening the first segment and decoding its first frames then overlap the engine's
    /// construction (a replay's fixed cost, a tenth of a short replay's time; performance/replay.md).
    /// </summary>
    public static ReplayFeed Start(JournalReader reader, ExpectedStream expected, ReplayComparator comparator)
    {
        var feed = new ReplayFeed(reader, expected, comparator);
        feed._thread.Start();
        return feed;
    }

    /// <summary>
    /// Publishes every input into <paramref name="engine"/> from the calling thread; returns once the reader has
    /// stopped, with the reader's fault (a damaged journal), if any. Every input read before a fault is published.
    /// </summary>
    public Exception? Run(TradingEngine engine)
    {
        try
        {
            PublishInputs(_expected, engine);
        }
        catch (Exception e)
        {
            Stop(e);
            throw;
        }
        _thread.Join();
        return _readFault;
    }

    /// <summary>Stops the reader (the replay failed: <paramref name="reason"/>) and waits for its thread to end.</summary>
    public void Stop(Exception reason)
    {
        _expected.Cancel(reason); // a reader waiting for room stops
        _thread.Join();
    }

    /// <summary>
    /// Scans the expected ring in order and publishes its inputs straight from it, a run of adjacent inputs at a time:
    /// an input goes once a later input (or the journal's end) has been read, since its group is then whole.
    /// </summary>
    private static void PublishInputs(ExpectedStream expected, TradingEngine engine)
    {
        // The inputs read but not yet published: [runStart, runEnd), adjacent in the ring; only the last may still
        // be followed by derived records of its own.
        long runStart = 0, runEnd = 0;
        long scan = 0;
        var spin = new SpinWait();
        while (true)
        {
            long published = expected.Published;
            if (scan > published)
            {
                if (expected.IsComplete)
                {
                    if (expected.Published < scan)
                        break;
                    continue;
                }
                // Nothing new yet: every pending input but the last has its whole group.
                if (runEnd - runStart > 1)
                {
                    Publish(expected, engine, runStart, runEnd - 1);
                    runStart = runEnd - 1;
                }
                // A stage on a thread of its own (staged) that faulted no longer releases the expected ring, so the
                // reader may wait for room for good: stop here rather than wait on it.
                if (engine.Fault is { } fault)
                    throw new PipelineFaultedException("The replay's pipeline faulted.", fault);
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            for (; scan <= published; scan++)
            {
                if (expected.At(scan).Source != SourceId.Feed)
                    continue;
                if (scan != runEnd)
                {
                    // Derived records lie between: the run's last input has its whole group now.
                    Publish(expected, engine, runStart, runEnd);
                    runStart = scan;
                }
                else if (runEnd - runStart == ReplayVerifier.PendingInputs)
                {
                    Publish(expected, engine, runStart, runEnd);
                    runStart = runEnd;
                }
                runEnd = scan + 1;
            }
            spin = default;
        }
        Publish(expected, engine, runStart, runEnd);
    }

    /// <summary>Publishes the inputs at [<paramref name="from"/>, <paramref name="to"/>) of the ring, in at most two pieces (its wrap).</summary>
    private static void Publish(ExpectedStream expected, TradingEngine engine, long from, long to)
    {
        while (from < to)
        {
            var piece = expected.Contiguous(from, (int)(to - from));
            engine.Publish(piece);
            from += piece.Length;
        }
    }
}
