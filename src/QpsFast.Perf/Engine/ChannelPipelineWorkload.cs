using System.Diagnostics;
using System.Threading.Channels;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Perf.Engine;

/// <summary>
/// The like-for-like baseline of the pipeline: the same stages (aggregator, five alphas, trading core, and the digest
/// output) each on its own task, connected by bounded <see cref="Channel{T}"/>s, one between each pair of stages, as an
/// idiomatic .NET pipeline would be written. Slots live in a shared array of the ring's size; their indices travel
/// through the channels, and a free-list channel returns them to the producer (a 4 KiB slot is not copied per hop).
/// </summary>
public sealed class ChannelPipelineWorkload
{
    private readonly Record[] _base;
    private readonly long _span;
    private readonly int _size;

    /// <summary>Prepares the default synthetic market (4 symbols, <paramref name="days"/> days).</summary>
    public ChannelPipelineWorkload(int days = 5, int size = 1024)
    {
        var list = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: days)).Generate(c => list.AddRange(c));
        _base = [.. list];
        _span = _base[^1].TimeNs - _base[0].TimeNs + 60_000_000_000;
        _size = size;
    }

    /// <summary>Pushes <paramref name="events"/> inputs through fresh stages; returns the elapsed time and the stream digest.</summary>
    public (TimeSpan Elapsed, ulong Digest) Run(long events)
    {
        var settings = new EngineSettings();
        var built = new BuiltInStages(settings, 4);
        var core = new TradingCore(BuiltInStages.AlphaSources, 4, settings.Risk, settings.Broker, settings.Portfolio);
        var slots = new Slot[_size];
        var stats = new StreamStats();
        var options = new BoundedChannelOptions(_size) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait };
        var free = Channel.CreateBounded<int>(options);
        for (int i = 0; i < _size; i++)
            free.Writer.TryWrite(i);
        var links = new Channel<int>[9];
        for (int i = 0; i < links.Length; i++)
            links[i] = Channel.CreateBounded<int>(options);

        var agg = built.Aggregator; var pairs = built.Pairs; var breakout = built.Breakout; var mtf = built.MtfTrend; var momentum = built.Momentum; var imbalance = built.Imbalance;
        var tasks = new List<Task>
        {
            Stage(links[0], links[1], i => agg.Process(ref slots[i])),
            Stage(links[1], links[2], i => pairs.Process(ref slots[i])),
            Stage(links[2], links[3], i => breakout.Process(ref slots[i])),
            Stage(links[3], links[4], i => mtf.Process(ref slots[i])),
            Stage(links[4], links[5], i => momentum.Process(ref slots[i])),
            Stage(links[5], links[6], i => imbalance.Process(ref slots[i])),
            Stage(links[6], links[7], i => core.Process(ref slots[i])),
            Stage(links[7], free, i => stats.Add(ref slots[i])),
        };
        var clock = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            int index = 0;
            long shift = 0;
            for (long n = 0; n < events; n++)
            {
                int s = await free.Reader.ReadAsync().ConfigureAwait(false);
                var r = _base[index];
                r.TimeNs += shift;
                if (++index == _base.Length)
                {
                    index = 0;
                    shift += _span;
                }
                slots[s].Reset(in r);
                if (!links[0].Writer.TryWrite(s))
                    await links[0].Writer.WriteAsync(s).ConfigureAwait(false);
            }
            links[0].Writer.Complete();
        });
        producer.GetAwaiter().GetResult();
        Task.WaitAll([.. tasks]);
        clock.Stop();
        return (clock.Elapsed, stats.Digest.Value);
    }

    private static Task Stage(Channel<int> input, Channel<int> output, Action<int> work) => Task.Run(async () =>
    {
        var reader = input.Reader;
        var writer = output.Writer;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out int i))
            {
                work(i);
                if (!writer.TryWrite(i))
                    await writer.WriteAsync(i).ConfigureAwait(false);
            }
        }
        if (output != null)
            writer.TryComplete();
    });
}
