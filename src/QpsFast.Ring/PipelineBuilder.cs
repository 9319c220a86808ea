namespace QpsFast.Ring;

/// <summary>
/// Wires producers to handler chains over one ring: each stage names the stages it runs after (none means it reads
/// straight behind the producers). Pipelines (A→B→C), diamonds (A,B→C) and independent multicast consumers are all
/// expressed this way. <see cref="Build"/> gates producers on the stages nothing else depends on.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
public sealed class PipelineBuilder<T> where T : unmanaged
{
    private readonly List<IEventProcessor> _stages = [];
    private readonly HashSet<IEventProcessor> _upstream = [];
    private bool _usesSignal;
    private bool _built;

    /// <summary>Creates a builder for a ring of <paramref name="bufferSize"/> slots and the given producer model.</summary>
    public PipelineBuilder(int bufferSize, ProducerType producerType = ProducerType.Single)
    {
        Ring = new RingBuffer<T>(bufferSize);
        Sequencer = producerType == ProducerType.Single
            ? new SingleProducerSequencer(bufferSize)
            : new MultiProducerSequencer(bufferSize);
    }

    /// <summary>Returns the ring.</summary>
    public RingBuffer<T> Ring { get; }

    /// <summary>Returns the sequencer producers claim and publish through.</summary>
    public Sequencer Sequencer { get; }

    /// <summary>
    /// Adds a stage running <paramref name="handler"/> with wait strategy <paramref name="wait"/>, after the stages in
    /// <paramref name="after"/> (or directly behind the producers when empty), and returns its processor.
    /// </summary>
    public EventProcessor<T, TWait, THandler> AddStage<TWait, THandler>(
        string name, THandler handler, TWait wait, params ReadOnlySpan<IEventProcessor> after)
        where TWait : struct, IWaitStrategy
        where THandler : struct, IEventHandler<T>
    {
        if (_built)
            ThrowHelper.ThrowInvalidOperation("The pipeline has been built; add stages before Build().");
        var dependencies = new Sequence[after.Length];
        for (int i = 0; i < after.Length; i++)
        {
            if (!_stages.Contains(after[i]))
                ThrowHelper.ThrowInvalidOperation($"Stage '{after[i].Name}' does not belong to this pipeline.");
            dependencies[i] = after[i].Sequence;
            _upstream.Add(after[i]);
        }
        var processor = new EventProcessor<T, TWait, THandler>(name, Ring, new SequenceBarrier(Sequencer, dependencies), handler, wait);
        _stages.Add(processor);
        _usesSignal |= TWait.UsesSignal;
        return processor;
    }

    /// <summary>Finishes the wiring: gates producers on the terminal stages and returns the pipeline.</summary>
    public Pipeline<T> Build()
    {
        if (_built)
            ThrowHelper.ThrowInvalidOperation("Build() was already called.");
        _built = true;
        var terminal = new List<Sequence>();
        foreach (var stage in _stages)
        {
            if (!_upstream.Contains(stage))
                terminal.Add(stage.Sequence);
        }
        Sequencer.AddGatingSequences(terminal.ToArray());
        if (_usesSignal)
            Sequencer.Signal.Enable();
        return new Pipeline<T>(Ring, Sequencer, [.. _stages]);
    }
}
