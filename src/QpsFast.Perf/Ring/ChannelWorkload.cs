using System.Threading.Channels;

namespace QpsFast.Perf.Ring;

/// <summary>
/// The like-for-like baseline: the same topology and arithmetic over bounded <see cref="Channel{T}"/>s (one channel
/// between stages), written the idiomatic way: <c>TryWrite</c>/<c>WriteAsync</c> to produce,
/// <c>WaitToReadAsync</c>/<c>TryRead</c> to drain. Single-reader and single-writer flags are set where the topology allows.
/// </summary>
public sealed class ChannelWorkload : IThroughputWorkload
{
    private readonly RingTopology _topology;
    private readonly int _capacity;
    private readonly RunControl _control = new();

    /// <summary>Creates the baseline with channels of <paramref name="capacity"/> items.</summary>
    public ChannelWorkload(RingTopology topology, int capacity)
    {
        _topology = topology;
        _capacity = capacity;
    }

    /// <inheritdoc />
    public string Name => "channels";

    private Channel<T> NewChannel<T>(bool singleWriter) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = singleWriter,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });

    /// <inheritdoc />
    public TimeSpan Run(long events)
    {
        int producers = _topology == RingTopology.ThreeToOne ? 3 : 1;
        long perProducer = Math.Max(1, events / producers);
        long total = perProducer * producers;
        long valueSum = producers * (perProducer * (perProducer - 1) / 2);
        long expected = _topology == RingTopology.Pipeline ? 6 * valueSum + 21 * total : valueSum;

        var producerTasks = new Task[producers];
        long sum;
        if (_topology == RingTopology.Pipeline)
        {
            var first = NewChannel<PipelineEvent>(singleWriter: true);
            var second = NewChannel<PipelineEvent>(true);
            var third = NewChannel<PipelineEvent>(true);
            var stepOne = Task.Run(() => Step(first.Reader, second.Writer, 1));
            var stepTwo = Task.Run(() => Step(second.Reader, third.Writer, 2));
            var last = Task.Run(() => SumSteps(third.Reader, total));
            _control.MarkStart();
            producerTasks[0] = Task.Run(() => ProduceEvents(first.Writer, perProducer));
            Task.WaitAll(producerTasks);
            first.Writer.Complete();
            sum = last.GetAwaiter().GetResult();
            Task.WaitAll(stepOne, stepTwo);
        }
        else
        {
            // 8-byte items, like the ring's PerfEvent.
            var channel = NewChannel<long>(singleWriter: producers == 1);
            var last = Task.Run(() => SumValues(channel.Reader, total));
            _control.MarkStart();
            for (int p = 0; p < producers; p++)
                producerTasks[p] = Task.Run(() => ProduceValues(channel.Writer, perProducer));
            Task.WaitAll(producerTasks);
            channel.Writer.Complete();
            sum = last.GetAwaiter().GetResult();
        }
        if (sum != expected)
            throw new InvalidOperationException($"channels checksum {sum} != expected {expected}");
        return _control.TakeElapsed();
    }

    private static async Task ProduceValues(ChannelWriter<long> writer, long count)
    {
        for (long v = 0; v < count; v++)
        {
            if (!writer.TryWrite(v))
                await writer.WriteAsync(v).ConfigureAwait(false);
        }
    }

    private async Task<long> SumValues(ChannelReader<long> reader, long total)
    {
        long sum = 0;
        long seen = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long v))
            {
                sum += v;
                if (++seen == total)
                    _control.MarkEnd();
            }
        }
        return sum;
    }

    private static async Task ProduceEvents(ChannelWriter<PipelineEvent> writer, long count)
    {
        for (long v = 0; v < count; v++)
        {
            var e = new PipelineEvent { Value = v };
            if (!writer.TryWrite(e))
                await writer.WriteAsync(e).ConfigureAwait(false);
        }
    }

    private static async Task Step(ChannelReader<PipelineEvent> reader, ChannelWriter<PipelineEvent> writer, int step)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                if (step == 1)
                    e.StepOne = e.Value + 3;
                else
                    e.StepTwo = e.StepOne * 7;
                if (!writer.TryWrite(e))
                    await writer.WriteAsync(e).ConfigureAwait(false);
            }
        }
        writer.Complete();
    }

    private async Task<long> SumSteps(ChannelReader<PipelineEvent> reader, long total)
    {
        long sum = 0;
        long seen = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                sum += e.StepTwo - e.Value;
                if (++seen == total)
                    _control.MarkEnd();
            }
        }
        return sum;
    }

    /// <inheritdoc />
    public void Dispose() => _control.Done.Dispose();
}
