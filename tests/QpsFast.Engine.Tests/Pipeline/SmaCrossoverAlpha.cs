using QpsFast.Engine.Alphas;
using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Tests.Pipeline;

/// <summary>The user alpha of docs/embedding.md: long while the fast SMA is above the slow one, short below.</summary>
public struct SmaCrossoverAlpha : IStrategy
{
    private Sma _fast;
    private Sma _slow;
    private SignalEmitter _signals;
    private readonly long _notional;
    private int _direction;
    private readonly byte _source;

    public SmaCrossoverAlpha(byte source, int fast, int slow, decimal notional)
    {
        _source = source;
        _fast = new Sma(fast);
        _slow = new Sma(slow);
        _signals = new SignalEmitter(source, maxSymbols: 1);
        _notional = Money.Create(notional).Raw;
    }

    public readonly void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(_source, "sma-crossover"));

    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    public void Process(ref Slot slot, StrategyContext context)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Symbol != 0)
            return;
        double close = FixedPoint.ToDouble(input.Bar.Close);
        _fast.Update(close);
        if (!_slow.Update(close))
            return;
        int direction = _fast.Value > _slow.Value ? 1 : -1;
        if (direction == _direction)
            return; // act on crossovers only
        _direction = direction;
        long units = SignalEmitter.QuantityFor(_notional, input.Bar.Close);
        _signals.SetTarget(ref slot, 0, direction * units, input.Bar.Close, _fast.Value - _slow.Value);
    }
}
