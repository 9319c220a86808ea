using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Pipeline;

/// <summary>Drives a <see cref="TradingCore"/> directly: inputs, optionally with signals appended as an alpha would.</summary>
public sealed class CoreHarness
{
    public const byte AlphaA = AlphaIds.PairsMeanReversion;
    public const byte AlphaB = AlphaIds.Breakout;

    public CoreHarness(RiskSettings? risk = null, BrokerSettings? broker = null, int symbols = 2, decimal capital = 100_000m)
    {
        Core = new TradingCore([AlphaA, AlphaB], symbols, risk ?? new RiskSettings(), broker ?? new BrokerSettings(), new PortfolioSettings(capital, MarkIntervalMinutes: 60 * 24 * 365));
    }

    public TradingCore Core { get; }

    /// <summary>Processes <paramref name="input"/> with the given signals (alpha, symbol, target units) and returns the records the core appended.</summary>
    public Record[] Step(Record input, params (byte Alpha, int Symbol, decimal Target)[] signals)
    {
        var slot = new Slot();
        slot.Reset(input);
        foreach (var (alpha, symbol, target) in signals)
        {
            ref var s = ref slot.Append(RecordKind.Signal, alpha, (ushort)symbol);
            s.Signal.TargetQuantity = Md.Q(target);
            s.Signal.ReferencePrice = Core.Marks[symbol];
        }
        Core.Process(ref slot);
        return slot.Derived[signals.Length..].ToArray();
    }

    public static Record Only(Record[] records, RecordKind kind) => Assert.Single(records, r => r.Kind == kind);
}
