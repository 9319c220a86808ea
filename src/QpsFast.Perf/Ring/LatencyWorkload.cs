using System.Diagnostics;
using HdrHistogram;
using QpsFast.Ring;

namespace QpsFast.Perf.Ring;

/// <summary>
/// One-way latency through a 1P1C ring: the producer stamps each event with <see cref="Stopwatch.GetTimestamp"/> and
/// publishes it alone, paced at a fixed interval; the consumer records now − stamp into an HdrHistogram. Both threads
/// read the same monotonic clock (ns resolution on Linux).
/// </summary>
public sealed class LatencyWorkload : IDisposable
{
    private readonly Pipeline<PerfEvent> _pipeline;
    private readonly EventProcessor<PerfEvent, BusySpinWaitStrategy, LatencyHandler> _consumer;
    private readonly SingleProducerSequencer _sequencer;
    private readonly bool _pin;

    /// <summary>Builds a busy-spin 1P1C ring and starts its consumer (pinned to CPU 1 when <paramref name="pin"/>).</summary>
    public LatencyWorkload(int bufferSize, bool pin)
    {
        _pin = pin;
        var builder = new PipelineBuilder<PerfEvent>(bufferSize);
        var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
        _consumer = builder.AddStage("latency-consumer", new LatencyHandler(histogram), default(BusySpinWaitStrategy));
        _pipeline = builder.Build();
        _sequencer = (SingleProducerSequencer)_pipeline.Sequencer;
        _pipeline.Start(pin ? [1 % Environment.ProcessorCount] : []);
    }

    /// <summary>
    /// Publishes <paramref name="events"/> events, one every <paramref name="intervalNs"/> ns (after
    /// <paramref name="warmup"/> unrecorded ones), and returns the histogram of one-way latencies in ns.
    /// </summary>
    /// <param name="warmup">Events published first and not recorded.</param>
    /// <param name="events">Events recorded.</param>
    /// <param name="intervalNs">The pause between sends.</param>
    /// <param name="pace">How the producer waits for its next send time: spinning on the clock, or yielding its CPU
    /// between clock reads as Disruptor-net's <c>OneWaySequencedLatencyTest</c> does.</param>
    public LongHistogram Run(long warmup, long events, long intervalNs, ProducerPace pace = ProducerPace.Spin)
    {
        LongHistogram? result = null;
        var producer = new Thread(() =>
        {
            if (_pin)
                ThreadAffinity.TryPinCurrentThread(0);
            Publish(warmup, intervalNs, pace);
            WaitUntilConsumed();
            _consumer.Handler.Histogram.Reset();
            Publish(events, intervalNs, pace);
            WaitUntilConsumed();
            result = _consumer.Handler.Histogram;
        }) { Name = "latency-producer" };
        producer.Start();
        producer.Join();
        return result!;
    }

    private void Publish(long count, long intervalNs, ProducerPace pace)
    {
        long ticksPerInterval = Math.Max(1, intervalNs * Stopwatch.Frequency / 1_000_000_000);
        long next = Stopwatch.GetTimestamp();
        if (pace == ProducerPace.Yield)
        {
            // Disruptor-net's loop: yield until the send time, stamp with that clock read (the claim is inside the
            // measured latency), and count the next interval from this send.
            for (long i = 0; i < count; i++)
            {
                long now = Stopwatch.GetTimestamp();
                while (now < next)
                {
                    Thread.Yield();
                    now = Stopwatch.GetTimestamp();
                }
                long seq = _sequencer.Next();
                _pipeline.Ring[seq].Value = now;
                _sequencer.Publish(seq);
                next = now + ticksPerInterval;
            }
            return;
        }
        for (long i = 0; i < count; i++)
        {
            next += ticksPerInterval;
            while (Stopwatch.GetTimestamp() < next)
            {
                // pace the producer: spin until the next send time
            }
            long seq = _sequencer.Next();
            _pipeline.Ring[seq].Value = Stopwatch.GetTimestamp();
            _sequencer.Publish(seq);
        }
    }

    private void WaitUntilConsumed()
    {
        long last = _sequencer.Cursor.Value;
        var spin = new SpinWait();
        while (_consumer.Sequence.Value < last)
            spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Stops the consumer.</summary>
    public void Dispose()
    {
        _pipeline.Halt();
        _pipeline.Join();
    }

    /// <summary>Records now − stamp for each event.</summary>
    public struct LatencyHandler : IEventHandler<PerfEvent>
    {
        /// <summary>The histogram, in ns.</summary>
        public readonly LongHistogram Histogram;

        /// <summary>Creates the handler.</summary>
        public LatencyHandler(LongHistogram histogram)
        {
            Histogram = histogram;
        }

        /// <inheritdoc />
        public readonly void OnBatchStart(long batchSize) { }

        /// <inheritdoc />
        public readonly void OnEvent(ref PerfEvent e, long sequence, bool endOfBatch)
        {
            long ns = (Stopwatch.GetTimestamp() - e.Value) * 1_000_000_000 / Stopwatch.Frequency;
            Histogram.RecordValue(Math.Max(0, ns));
        }
    }
}

/// <summary>How <see cref="LatencyWorkload"/>'s producer waits between sends.</summary>
public enum ProducerPace
{
    /// <summary>Spin on the clock; stamp after the claim.</summary>
    Spin,

    /// <summary>Yield the CPU between clock reads and stamp before the claim, as Disruptor-net's latency test.</summary>
    Yield,
}
