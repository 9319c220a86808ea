using QpsFast.Data.Synthetic;
using QpsFast.Engine.Aggregation;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Ring;

namespace QpsFast.Perf.Engine;

/// <summary>
/// One stage at a time over realistic input: a day of the default synthetic market is run through the whole pipeline
/// once, and for each input the records the stages before a given stage appended (aggregated bars, signals) are kept.
/// Each pass feeds every input to one persistent stage, with the outbox pre-filled as the pipeline would have left it,
/// shifting times by one span per pass so the stage sees one continuous stream. Allocation-free per pass.
/// </summary>
public sealed class StageWorkload
{
    private readonly Record[] _inputs;
    private readonly Record[] _aggregated;
    private readonly int[] _aggregatedStart;
    private readonly Record[] _signals;
    private readonly int[] _signalStart;
    private readonly long _span;
    private long _shift;
    private Slot _slot;
    private TimeframeAggregator _aggregator;
    private PairsMeanReversionAlpha _pairs;
    private BreakoutAlpha _breakout;
    private MtfTrendAlpha _mtf;
    private CrossAssetMomentumAlpha _momentum;
    private OrderBookImbalanceAlpha _imbalance;
    private readonly TradingCore _core;

    /// <summary>Captures one day of pipeline input and builds fresh stages.</summary>
    public StageWorkload()
    {
        var records = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: 1)).Generate(c => records.AddRange(c));
        var inputs = new List<Record>();
        var aggregated = new List<Record>();
        var aggregatedStart = new List<int>();
        var signals = new List<Record>();
        var signalStart = new List<int>();
        var engine = new EngineBuilder(new EngineSettings(), SyntheticMarket.NamesFor(4)) { Wait = WaitKind.Yield }
            .Build(new Capture(inputs, aggregated, aggregatedStart, signals, signalStart));
        engine.Start(42, records[0].TimeNs);
        engine.Publish(records.ToArray());
        engine.Complete();
        aggregatedStart.Add(aggregated.Count);
        signalStart.Add(signals.Count);
        _inputs = [.. inputs];
        _aggregated = [.. aggregated];
        _aggregatedStart = [.. aggregatedStart];
        _signals = [.. signals];
        _signalStart = [.. signalStart];
        _span = _inputs[^1].TimeNs - _inputs[0].TimeNs + 60_000_000_000;

        var settings = new EngineSettings();
        var stages = new BuiltInStages(settings, 4);
        (_aggregator, _pairs, _breakout, _mtf, _momentum, _imbalance) = (stages.Aggregator, stages.Pairs, stages.Breakout, stages.MtfTrend, stages.Momentum, stages.Imbalance);
        _core = new TradingCore(BuiltInStages.AlphaSources, 4, settings.Risk, settings.Broker, settings.Portfolio);
    }

    /// <summary>Returns the inputs per pass.</summary>
    public int Inputs => _inputs.Length;

    /// <summary>The stages that can be measured.</summary>
    public static readonly string[] Stages = ["aggregator", "pairs", "breakout", "mtf-trend", "momentum", "ob-imbalance", "core"];

    /// <summary>Feeds every input once to the named stage; returns the derived records in the outbox after it (a checksum).</summary>
    public long Pass(string stage)
    {
        long derived = 0;
        for (int i = 0; i < _inputs.Length; i++)
        {
            ref var slot = ref _slot;
            var input = _inputs[i];
            input.TimeNs += _shift;
            slot.Reset(in input);
            if (stage != "aggregator")
                Append(ref slot, _aggregated, _aggregatedStart[i], _aggregatedStart[i + 1]);
            if (stage == "core")
                Append(ref slot, _signals, _signalStart[i], _signalStart[i + 1]);
            switch (stage)
            {
                case "aggregator": _aggregator.Process(ref slot); break;
                case "pairs": _pairs.Process(ref slot); break;
                case "breakout": _breakout.Process(ref slot); break;
                case "mtf-trend": _mtf.Process(ref slot); break;
                case "momentum": _momentum.Process(ref slot); break;
                case "ob-imbalance": _imbalance.Process(ref slot); break;
                default: _core.Process(ref slot); break;
            }
            derived += slot.OutboxCount;
        }
        _shift += _span;
        return derived;
    }

    private void Append(ref Slot slot, Record[] source, int from, int to)
    {
        for (int k = from; k < to; k++)
        {
            ref var r = ref slot.Append(source[k].Kind, source[k].Source, source[k].Symbol);
            r = source[k];
            r.TimeNs += _shift;
        }
    }

    /// <summary>Keeps each slot's input, aggregated bars and signals.</summary>
    private readonly struct Capture(List<Record> inputs, List<Record> aggregated, List<int> aggregatedStart, List<Record> signals, List<int> signalStart) : IEventHandler<Slot>
    {
        public void OnBatchStart(long batchSize) { }

        public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
        {
            inputs.Add(slot.Input);
            aggregatedStart.Add(aggregated.Count);
            signalStart.Add(signals.Count);
            foreach (var r in slot.Derived)
            {
                if (r.Source == SourceId.Aggregator)
                    aggregated.Add(r);
                else if (r.Kind == RecordKind.Signal)
                    signals.Add(r);
            }
        }
    }
}
