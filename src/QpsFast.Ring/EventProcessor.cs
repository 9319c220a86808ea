using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>
/// Drains a ring in batches and hands each slot to a struct handler. Generic over the slot, the wait strategy and
/// the handler, so the whole loop is specialized and the handler inlined. The processor's sequence is written once
/// per batch.
/// </summary>
/// <remarks>
/// Exception policy: when the handler throws at sequence <c>s</c>, the processor records the events before
/// <c>s</c> as processed, halts, and reports <see cref="EventHandlerException"/> with <c>s</c> through
/// <see cref="Fault"/>, <see cref="Join"/> and the pipeline's fault callback. Event <c>s</c> is not marked processed,
/// so a restart resumes at it; nothing is skipped.
/// </remarks>
public sealed class EventProcessor<T, TWait, THandler> : IEventProcessor
    where T : unmanaged
    where TWait : struct, IWaitStrategy
    where THandler : struct, IEventHandler<T>
{
    private const int Idle = 0;
    private const int Running = 1;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly Sequence _sequence = new();
    // mutable structs: no readonly
    private THandler _handler;
    private TWait _wait;
    private int _state;
    private Thread? _thread;
    private volatile EventHandlerException? _fault;

    /// <summary>Creates a processor reading <paramref name="ring"/> behind <paramref name="barrier"/>.</summary>
    public EventProcessor(string name, RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, TWait wait = default)
    {
        Name = name;
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _wait = wait;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Sequence Sequence => _sequence;

    /// <inheritdoc />
    public SequenceBarrier Barrier => _barrier;

    /// <summary>
    /// Returns a reference to the handler. Read or change it only while the processor is not running (after
    /// <see cref="Join"/>, which orders memory).
    /// </summary>
    public ref THandler Handler => ref _handler;

    /// <inheritdoc />
    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <inheritdoc />
    public EventHandlerException? Fault => _fault;

    /// <inheritdoc />
    public Action<EventHandlerException>? FaultCallback { get; set; }

    /// <inheritdoc />
    public void Start(int cpu = -1)
    {
        if (IsRunning || _thread is { IsAlive: true })
            ThrowHelper.ThrowAlreadyRunning(Name);
        _fault = null;
        _barrier.ClearAlert();
        var thread = new Thread(() =>
        {
            if (cpu >= 0)
                ThreadAffinity.TryPinCurrentThread(cpu);
            Run();
        })
        {
            IsBackground = true,
            Name = Name,
        };
        _thread = thread;
        thread.Start();
    }

    /// <summary>Runs the processor's loop on the calling thread until it is halted or its handler throws.</summary>
    public void Run()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Idle) != Idle)
            ThrowHelper.ThrowAlreadyRunning(Name);
        try
        {
            ProcessEvents();
        }
        finally
        {
            Volatile.Write(ref _state, Idle);
        }
    }

    private void ProcessEvents()
    {
        var ring = _ring;
        var barrier = _barrier;
        var sequence = _sequence;
        var signal = barrier.Signal;
        long next = sequence.Value + 1;
        try
        {
            while (!barrier.IsAlerted)
            {
                long available = barrier.WaitFor(next, ref _wait);
                if (available < next)
                    continue;

                _handler.OnBatchStart(available - next + 1);
                while (next <= available)
                {
                    _handler.OnEvent(ref ring[next], next, next == available);
                    next++;
                }
                sequence.SetValue(available);
                signal.Notify();
            }
        }
        catch (Exception e)
        {
            OnHandlerException(next, e);
        }
    }

    /// <inheritdoc />
    public void ProcessAvailable()
    {
        if (_fault is { } faulted)
            ThrowHelper.ThrowPipelineFaulted(faulted);
        long next = _sequence.Value + 1;
        long available = _barrier.DependentValue;
        if (available < next)
            return;
        try
        {
            _handler.OnBatchStart(available - next + 1);
            var ring = _ring;
            while (next <= available)
            {
                _handler.OnEvent(ref ring[next], next, next == available);
                next++;
            }
        }
        catch (Exception e)
        {
            OnHandlerException(next, e);
            ThrowHelper.ThrowPipelineFaulted(_fault!);
        }
        _sequence.SetValue(available);
        _barrier.Signal.Notify();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnHandlerException(long failedSequence, Exception e)
    {
        // Everything before the failing event was handled completely; publish that much to downstream stages.
        _sequence.SetValue(failedSequence - 1);
        var fault = new EventHandlerException(Name, failedSequence, e);
        _fault = fault;
        _barrier.Alert();
        FaultCallback?.Invoke(fault);
    }

    /// <inheritdoc />
    public void Halt() => _barrier.Alert();

    /// <inheritdoc />
    public void Join()
    {
        _thread?.Join();
        var fault = _fault;
        if (fault is not null)
            throw fault;
    }
}
