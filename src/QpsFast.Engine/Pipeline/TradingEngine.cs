using QpsFast.Engine.Records;
using QpsFast.Ring;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// A running pipeline: publish market records into it; the stages derive signals, orders, fills, rejects and marks;
/// the output stage receives every slot in stream order. Built by <see cref="EngineBuilder"/>.
/// </summary>
/// <remarks>
/// The publishing thread is the feed and the only clock: records must come in non-decreasing event time. Publishing
/// does not allocate. With <see cref="EngineBuilder.InlineFeed"/> the first stage runs inside each publish call.
/// </remarks>
public sealed class TradingEngine : IDisposable
{
    private readonly Pipeline<Slot> _pipeline;
    // The sealed type, not the abstract base: Next and Publish are then direct calls the JIT inlines (qps runs without
    // tiered compilation, so a call through the base type would stay virtual).
    private readonly SingleProducerSequencer _sequencer;
    private readonly RingBuffer<Slot> _ring;
    private long _lastTime = long.MinValue;
    private long _lastRingSequence = -1;
    private bool _started;
    private bool _disposed;
    private readonly int[] _cpus;
    // The first stage when it runs on the publishing thread (EngineBuilder.InlineFeed), else null.
    private readonly IEventProcessor? _inline;

    internal TradingEngine(Pipeline<Slot> pipeline, TradingCore core, EngineSettings settings, IReadOnlyList<string> symbols, Topology topology, int[]? cpus = null,
        bool inlineFeed = false)
    {
        _cpus = cpus ?? [];
        _inline = inlineFeed ? pipeline.Stages[0] : null;
        _pipeline = pipeline;
        _sequencer = pipeline.Sequencer as SingleProducerSequencer
            ?? throw new ArgumentException("the engine's pipeline has one producer, the feed", nameof(pipeline));
        _ring = pipeline.Ring;
        Core = core;
        Settings = settings;
        Symbols = symbols;
        Topology = topology;
    }

    /// <summary>
    /// Stops any stage still running (without draining it) and returns the ring's memory to the OS at once, rather than
    /// when the engine is collected: for a process that builds engine after engine (replays, sweeps), whose next ring
    /// then reuses pages already in hand. The core stays readable; nothing can be published afterwards.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _pipeline.Halt();
        foreach (var stage in _pipeline.Stages)
        {
            try
            {
                stage.Join();
            }
            catch (EventHandlerException)
            {
                // Already reported to whoever drained or published; the thread has ended.
            }
        }
        _ring.Release();
    }

    /// <summary>Returns the trading core (positions, cash, marks). Read it after <see cref="Complete"/>.</summary>
    public TradingCore Core { get; }

    /// <summary>Returns the settings.</summary>
    public EngineSettings Settings { get; }

    /// <summary>Returns the symbol names by id.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Returns the topology.</summary>
    public Topology Topology { get; }

    /// <summary>Returns the processors, in stage order (the last is the output stage).</summary>
    public IReadOnlyList<IEventProcessor> Stages => _pipeline.Stages;

    /// <summary>Returns the first stage fault (the stages have halted), or null while none has faulted.</summary>
    public EventHandlerException? Fault => _pipeline.Fault;

    /// <summary>Returns how many inputs have been published.</summary>
    public long Published => _lastRingSequence + 1;

    /// <summary>Starts the stage threads and publishes the session-start record.</summary>
    public void Start(long seed = 0, long firstTimeNs = 0)
    {
        if (_started)
            throw new InvalidOperationException("The engine has already been started.");
        _started = true;
        _pipeline.Start(_cpus, firstOnCaller: _inline is not null);
        var start = new Record
        {
            TimeNs = firstTimeNs,
            Kind = RecordKind.SessionStart,
            Symbol = RecordDescriptor.AllSymbols,
            Control = new ControlPayload { ConfigHash = Settings.Hash(), Count = Symbols.Count, Seed = seed, FirstTimeNs = firstTimeNs },
        };
        Publish(in start);
    }

    /// <summary>
    /// Starts the stage threads without publishing a session-start record: for replay, which publishes the journal's
    /// own session records as inputs.
    /// </summary>
    public void StartThreads()
    {
        if (_started)
            throw new InvalidOperationException("The engine has already been started.");
        _started = true;
        _pipeline.Start(_cpus, firstOnCaller: _inline is not null);
    }

    /// <summary>Waits until every stage has processed everything published, then stops the threads (no session-end record).</summary>
    /// <exception cref="EventHandlerException">A stage threw; the message names the sequence.</exception>
    public void Drain() => _pipeline.DrainAndStop(_lastRingSequence);

    /// <summary>
    /// Waits until every stage has handled every input published so far (call it from the publishing thread, or
    /// under the lock its publishers share); returns false if the pipeline faulted.
    /// </summary>
    public bool WaitUntilProcessed() => _pipeline.WaitFor(_lastRingSequence);

    /// <summary>Returns the time of the last input published (long.MinValue before the first).</summary>
    public long LastTimeNs => _lastTime;

    /// <summary>Publishes one input record.</summary>
    /// <exception cref="ArgumentException">The record's time is earlier than the previous record's.</exception>
    public void Publish(in Record input)
    {
        if (input.TimeNs < _lastTime || _disposed)
            ThrowOutOfOrderOrDisposed(input.TimeNs);
        _lastTime = input.TimeNs;
        long sequence = _sequencer.Next();
        _ring[sequence].Reset(in input);
        _sequencer.Publish(sequence);
        _lastRingSequence = sequence;
        _inline?.ProcessAvailable();
    }

    /// <summary>
    /// Publishes one input record with a latency stamp (for example <c>Stopwatch.GetTimestamp()</c>) that the core's
    /// <see cref="TradingCore.LatencyRecorder"/> receives once the event is applied. The stamp is not journaled.
    /// </summary>
    public void PublishStamped(in Record input, long latencyStamp)
    {
        if (input.TimeNs < _lastTime || _disposed)
            ThrowOutOfOrderOrDisposed(input.TimeNs);
        _lastTime = input.TimeNs;
        long sequence = _sequencer.Next();
        ref var slot = ref _ring[sequence];
        slot.Reset(in input);
        slot.LatencyStamp = latencyStamp;
        _sequencer.Publish(sequence);
        _lastRingSequence = sequence;
        _inline?.ProcessAvailable();
    }

    /// <summary>
    /// Publishes input records in batches, each with its latency stamp from <paramref name="stamps"/> (same length).
    /// The stamps are not journaled.
    /// </summary>
    public void PublishStamped(ReadOnlySpan<Record> inputs, ReadOnlySpan<long> stamps)
    {
        if (stamps.Length != inputs.Length)
            throw new ArgumentException("one stamp per input", nameof(stamps));
        PublishBatches(inputs, stamps);
    }

    /// <summary>Publishes input records in order, claiming ring slots in batches.</summary>
    public void Publish(ReadOnlySpan<Record> inputs) => PublishBatches(inputs, default);

    /// <summary>
    /// Claims slots in batches of up to 64 and publishes each batch at once; <paramref name="stamps"/> is empty or
    /// one per input. A batch's time order is checked before its slots are claimed, so an out-of-order input throws
    /// with nothing claimed and left unpublished (earlier batches are published; the ring stays consistent).
    /// </summary>
    private void PublishBatches(ReadOnlySpan<Record> inputs, ReadOnlySpan<long> stamps)
    {
        int batch = Math.Min(64, _ring.BufferSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!inputs.IsEmpty)
        {
            int n = Math.Min(batch, inputs.Length);
            long last = _lastTime;
            for (int i = 0; i < n; i++)
            {
                long t = inputs[i].TimeNs;
                if (t < last)
                    ThrowOutOfOrder(t);
                last = t;
            }
            long hi = _sequencer.Next(n);
            long lo = hi - n + 1;
            for (int i = 0; i < n; i++)
                _ring[lo + i].Reset(in inputs[i]);
            if (!stamps.IsEmpty)
            {
                for (int i = 0; i < n; i++)
                    _ring[lo + i].LatencyStamp = stamps[i];
                stamps = stamps[n..];
            }
            _sequencer.Publish(lo, hi);
            _lastTime = last;
            _lastRingSequence = hi;
            inputs = inputs[n..];
            _inline?.ProcessAvailable();
        }
    }

    /// <summary>
    /// Publishes the session-end record (which triggers the final marks), waits until every stage has processed
    /// everything, and stops the threads. If the core still has work that did not fit in the outboxes (the kill
    /// switch's or session end's cancels and flattening), it publishes heartbeats at the last event time, each a
    /// journaled input that carries on that work and writes the final marks again, until none is left.
    /// </summary>
    /// <exception cref="EventHandlerException">A stage threw; the message names the sequence.</exception>
    public void Complete()
    {
        End();
        long time = _lastTime == long.MinValue ? 0 : _lastTime;
        while (_pipeline.WaitFor(_lastRingSequence) && Core.HasDeferredWork)
        {
            var beat = new Record { TimeNs = time, Kind = RecordKind.Heartbeat, Symbol = RecordDescriptor.AllSymbols };
            Publish(in beat);
        }
        _pipeline.DrainAndStop(_lastRingSequence);
    }

    /// <summary>
    /// Publishes the session-end input (its count is the inputs published before it); for a session that ends on its
    /// own terms (a venue's end of data), where <see cref="Complete"/> does not fit.
    /// </summary>
    public void End()
    {
        long time = _lastTime == long.MinValue ? 0 : _lastTime;
        var end = new Record
        {
            TimeNs = time,
            Kind = RecordKind.SessionEnd,
            Symbol = RecordDescriptor.AllSymbols,
            Control = new ControlPayload { ConfigHash = Settings.Hash(), Count = Published, LastTimeNs = _lastTime },
        };
        Publish(in end);
    }

    private void ThrowOutOfOrderOrDisposed(long time)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowOutOfOrder(time);
    }

    private void ThrowOutOfOrder(long time) =>
        throw new ArgumentException($"Input {_lastRingSequence + 1} has time {time}, earlier than the previous input's {_lastTime}: the feed must publish in event-time order.");
}
