namespace QpsFast.Ring;

/// <summary>
/// A built ring with its stages: starts, drains, halts and joins them together. When any stage's handler throws,
/// every stage is halted and producers waiting for capacity get <see cref="PipelineFaultedException"/>.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
public sealed class Pipeline<T> where T : unmanaged
{
    private readonly IEventProcessor[] _stages;

    internal Pipeline(RingBuffer<T> ring, Sequencer sequencer, IEventProcessor[] stages)
    {
        Ring = ring;
        Sequencer = sequencer;
        _stages = stages;
        foreach (var stage in stages)
            stage.FaultCallback = OnStageFault;
    }

    /// <summary>Returns the ring.</summary>
    public RingBuffer<T> Ring { get; }

    /// <summary>Returns the sequencer producers claim and publish through.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>Returns the stages in the order they were added.</summary>
    public IReadOnlyList<IEventProcessor> Stages => _stages;

    /// <summary>Returns the first stage fault, in stage order, if any stage has faulted.</summary>
    public EventHandlerException? Fault
    {
        get
        {
            foreach (var stage in _stages)
            {
                if (stage.Fault is { } fault)
                    return fault;
            }
            return null;
        }
    }

    private void OnStageFault(EventHandlerException fault)
    {
        Sequencer.SetFault(fault);
        foreach (var stage in _stages)
            stage.Halt();
    }

    /// <summary>
    /// Starts every stage on its own thread. When <paramref name="cpus"/> is given, stage <c>i</c> is pinned to
    /// <c>cpus[i % cpus.Length]</c>.
    /// </summary>
    public void Start(params ReadOnlySpan<int> cpus) => Start(cpus, firstOnCaller: false);

    /// <summary>
    /// Starts the stages' threads, except the first stage's when <paramref name="firstOnCaller"/>: the producer then
    /// runs it with <see cref="IEventProcessor.ProcessAvailable"/> after each publish. Stage <c>i</c> runs on
    /// <c>cpus[i % cpus.Length]</c> when CPUs are given.
    /// </summary>
    public void Start(ReadOnlySpan<int> cpus, bool firstOnCaller)
    {
        Sequencer.ClearFault();
        for (int i = firstOnCaller ? 1 : 0; i < _stages.Length; i++)
            _stages[i].Start(cpus.IsEmpty ? -1 : cpus[i % cpus.Length]);
    }

    /// <summary>Asks every stage to stop after its current batch.</summary>
    public void Halt()
    {
        foreach (var stage in _stages)
            stage.Halt();
    }

    /// <summary>Waits for every stage to stop; throws the first fault in stage order.</summary>
    /// <exception cref="EventHandlerException">A stage's handler threw.</exception>
    public void Join()
    {
        foreach (var stage in _stages)
        {
            try
            {
                stage.Join();
            }
            catch (EventHandlerException)
            {
                // Joined; the first fault in stage order is rethrown below once all threads have ended.
            }
        }
        if (Fault is { } fault)
            throw fault;
    }

    /// <summary>
    /// Waits until every stage has processed everything published up to <paramref name="sequence"/>, then halts and
    /// joins. Returns early, with the fault thrown, if a stage faults.
    /// </summary>
    /// <exception cref="EventHandlerException">A stage's handler threw.</exception>
    public void DrainAndStop(long sequence)
    {
        WaitFor(sequence);
        Halt();
        Join();
    }

    /// <summary>
    /// Waits until every stage has processed everything published up to <paramref name="sequence"/>, leaving them
    /// running; what they wrote before is then visible to the caller (each stage publishes its sequence after its
    /// work). Returns false at once if a stage has faulted.
    /// </summary>
    public bool WaitFor(long sequence)
    {
        var spin = new SpinWait();
        while (Fault is null)
        {
            bool drained = true;
            foreach (var stage in _stages)
            {
                if (stage.Sequence.Value < sequence)
                {
                    drained = false;
                    break;
                }
            }
            if (drained)
                return true;
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return false;
    }
}
