using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Strategies;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Strategies;

/// <summary>Runs user strategies through a whole engine and collects every record.</summary>
public static class StrategyRun
{
    /// <summary>Built-in alphas off, no risk limits, no costs: the user strategy alone, as the textbook loops assume.</summary>
    public static EngineSettings Frictionless(FillMode mode = FillMode.NextBarOpen, long latencyNs = 1_000_000, decimal capital = 100_000m) => new()
    {
        Pairs = new() { Enabled = false },
        Breakout = new() { Enabled = false },
        MtfTrend = new() { Enabled = false },
        Momentum = new() { Enabled = false },
        Imbalance = new() { Enabled = false },
        Risk = new RiskSettings(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        Broker = new BrokerSettings(mode, latencyNs, SlippageBps: 0, FeeBps: 0, MinFee: 0),
        Portfolio = new(capital, MarkIntervalMinutes: 60 * 24),
    };

    public static (TradingEngine Engine, List<Record> Records) Run<TStrategy>(TStrategy strategy, EngineSettings settings, IReadOnlyList<string> symbols, ReadOnlySpan<Record> inputs, Topology topology = Topology.Fused, WaitKind wait = WaitKind.Yield, int ringSize = 1024)
        where TStrategy : struct, IStrategy
    {
        var output = new List<Record>();
        var engine = new EngineBuilder(settings, symbols) { Topology = topology, Wait = wait, RingSize = ringSize }.Build(strategy, new Collect(output));
        engine.Start(0, inputs[0].TimeNs);
        engine.Publish(inputs);
        engine.Complete();
        return (engine, output);
    }

    public static int BookOf(TradingEngine engine, byte source) => engine.Core.AlphaSources.IndexOf(source);

    public readonly struct Collect(List<Record> output) : IEventHandler<Slot>
    {
        public void OnBatchStart(long batchSize) { }

        public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
        {
            output.Add(slot.Input);
            output.AddRange(slot.Derived);
        }
    }
}

/// <summary>Buys <c>units</c> at the <c>at</c>-th bar of symbol 0 (0-based), with a quantity target.</summary>
public struct BuyAtBar(byte source, int at, decimal units) : IStrategy
{
    private readonly int[] _bars = new int[1];

    public readonly void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(source, "buy-at-bar"));

    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    public readonly void Process(ref Slot slot, StrategyContext context)
    {
        if (slot.Input.Kind != RecordKind.Bar || slot.Input.Symbol != 0)
            return;
        if (_bars[0]++ == at)
            context.Book(source).TargetQuantity(ref slot, 0, Md.Q(units));
    }
}
