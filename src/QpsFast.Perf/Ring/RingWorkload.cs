using QpsFast.Ring;

namespace QpsFast.Perf.Ring;

/// <summary>
/// A topology on our ring, with persistent producer and consumer threads so repeated runs measure steady state.
/// Producers claim in batches of up to <c>batch</c> slots and publish each batch once.
/// </summary>
public sealed class RingWorkload<TEvent, TWait> : IThroughputWorkload
    where TEvent : unmanaged, IValueEvent
    where TWait : struct, IWaitStrategy
{
    private readonly RingTopology _topology;
    private readonly int _batch;
    private readonly Pipeline<TEvent> _pipeline;
    private readonly RunControl _control = new();
    private readonly Thread[] _producers;
    private readonly ManualResetEventSlim[] _go;
    private readonly Func<long> _lastSum;
    private long _perProducer;
    private long _nextSequence;
    private long _expectedSum;
    private volatile bool _stopping;

    /// <summary>Builds the topology and starts its threads, pinned round-robin over the CPUs when <paramref name="pin"/> is set.</summary>
    public RingWorkload(RingTopology topology, int bufferSize, int batch, bool pin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, bufferSize);
        _topology = topology;
        _batch = batch;
        var wait = default(TWait);
        var builder = new PipelineBuilder<TEvent>(bufferSize, topology == RingTopology.ThreeToOne ? ProducerType.Multi : ProducerType.Single);
        _lastSum = AddStages(builder, topology, wait, _control);
        _pipeline = builder.Build();

        int producers = topology == RingTopology.ThreeToOne ? 3 : 1;
        int cpus = Environment.ProcessorCount;
        Span<int> consumerCpus = stackalloc int[_pipeline.Stages.Count];
        for (int i = 0; i < consumerCpus.Length; i++)
            consumerCpus[i] = (producers + i) % cpus;
        _pipeline.Start(pin ? consumerCpus : []);

        _producers = new Thread[producers];
        _go = new ManualResetEventSlim[producers];
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            _go[p] = new ManualResetEventSlim(false, spinCount: 0);
            _producers[p] = new Thread(() => ProducerLoop(id, pin ? id % cpus : -1)) { IsBackground = true, Name = $"producer-{id}" };
            _producers[p].Start();
        }
    }

    // The handler types are fixed per event type; the casts below are checked once at setup.
    private static Func<long> AddStages(PipelineBuilder<TEvent> builder, RingTopology topology, TWait wait, RunControl control)
    {
        if (topology == RingTopology.Pipeline)
        {
            var pb = builder as PipelineBuilder<PipelineEvent>
                ?? throw new ArgumentException("The pipeline topology runs on PipelineEvent.", nameof(builder));
            var a = pb.AddStage("step-1", new StepHandler(1, null), wait);
            var b = pb.AddStage("step-2", new StepHandler(2, null), wait, a);
            var c = pb.AddStage("step-3", new StepHandler(3, control), wait, b);
            return () => c.Handler.Sum;
        }
        var sb = builder as PipelineBuilder<PerfEvent>
            ?? throw new ArgumentException("The 1P1C and 3P1C topologies run on PerfEvent.", nameof(builder));
        var consumer = sb.AddStage("consumer", new SumHandler(control), wait);
        return () => consumer.Handler.Sum;
    }

    /// <inheritdoc />
    public string Name => "ring";

    /// <summary>Returns the pipeline, for inspection.</summary>
    public Pipeline<TEvent> Pipeline => _pipeline;

    /// <inheritdoc />
    public TimeSpan Run(long events)
    {
        int producers = _producers.Length;
        long perProducer = Math.Max(1, events / producers);
        long total = perProducer * producers;
        _perProducer = perProducer;
        long valueSum = producers * (perProducer * (perProducer - 1) / 2);
        _expectedSum += _topology == RingTopology.Pipeline ? 6 * valueSum + 21 * total : valueSum;
        _nextSequence += total;
        _control.Arm(_nextSequence - 1);
        foreach (var go in _go)
            go.Set();
        _control.Done.Wait();
        if (_pipeline.Fault is { } fault)
            throw fault;
        long sum = _lastSum();
        if (sum != _expectedSum)
            throw new InvalidOperationException($"ring checksum {sum} != expected {_expectedSum}");
        return _control.TakeElapsed();
    }

    private void ProducerLoop(int id, int cpu)
    {
        if (cpu >= 0)
            ThreadAffinity.TryPinCurrentThread(cpu);
        var sequencer = _pipeline.Sequencer;
        var ring = _pipeline.Ring;
        var go = _go[id];
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping)
                return;
            _control.MarkStart();
            if (sequencer is SingleProducerSequencer single)
                Produce(single, ring, _perProducer, _batch);
            else
                Produce((MultiProducerSequencer)sequencer, ring, _perProducer, _batch);
        }
    }

    // One method per sealed sequencer type, not one generic method: a generic method over a reference type is compiled
    // once for all of them (shared generics), so its calls to Next and Publish stay virtual and are never inlined
    // (qps runs without tiered compilation, so without guarded devirtualization either).
    private static void Produce(SingleProducerSequencer sequencer, RingBuffer<TEvent> ring, long count, int batch)
    {
        long value = 0;
        if (batch == 1)
        {
            while (value < count)
            {
                long s = sequencer.Next();
                ring[s].SetValue(value++);
                sequencer.Publish(s);
            }
            return;
        }
        while (value < count)
        {
            int n = (int)Math.Min(batch, count - value);
            long hi = sequencer.Next(n);
            for (long s = hi - n + 1; s <= hi; s++)
                ring[s].SetValue(value++);
            sequencer.Publish(hi - n + 1, hi);
        }
    }

    private static void Produce(MultiProducerSequencer sequencer, RingBuffer<TEvent> ring, long count, int batch)
    {
        long value = 0;
        while (value < count)
        {
            int n = (int)Math.Min(batch, count - value);
            long hi = sequencer.Next(n);
            for (long s = hi - n + 1; s <= hi; s++)
                ring[s].SetValue(value++);
            sequencer.Publish(hi - n + 1, hi);
        }
    }

    /// <summary>Stops the producers and the pipeline.</summary>
    public void Dispose()
    {
        _stopping = true;
        foreach (var go in _go)
            go.Set();
        foreach (var t in _producers)
            t.Join();
        _pipeline.Halt();
        _pipeline.Join();
        foreach (var go in _go)
            go.Dispose();
    }
}
