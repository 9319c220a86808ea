using QpsFast.Engine.Indicators;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Strategies;

/// <summary>
/// Buys at a chosen bar; on its fill (OnOrderEvent) sets a stop at the fill price − 2 × ATR(14) as of then; exits
/// (target 0) at the first close below the stop. It sees the fill before it sees the bar that caused it.
/// </summary>
public struct StopLossStrategy : IStrategy
{
    private readonly byte _source;
    private readonly int _entryBar;
    private readonly long _units;
    private Atr _atr;
    private int _bars;
    private long _stop;
    private bool _exited;

    public StopLossStrategy(byte source, int entryBar, decimal units)
    {
        _source = source;
        _entryBar = entryBar;
        _units = Quantity.Create(units).Raw;
        _atr = new Atr(14);
        Seen = new List<(int Bar, long Position, long AveragePrice, long Stop)>();
    }

    /// <summary>What Process saw at each bar (the test reads it; the list is filled before the run's hot path matters).</summary>
    public List<(int Bar, long Position, long AveragePrice, long Stop)> Seen { get; }

    public readonly void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(_source, "stop-loss"));

    public void OnOrderEvent(in Record record, StrategyContext context)
    {
        if (record.Kind == RecordKind.Fill && record.Fill.Quantity > 0)
            _stop = record.Fill.Price - (long)Math.Round(2 * _atr.Value * FixedPoint.Scale);
    }

    public void Process(ref Slot slot, StrategyContext context)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Symbol != 0)
            return;
        _atr.Update(FixedPoint.ToDouble(input.Bar.High), FixedPoint.ToDouble(input.Bar.Low), FixedPoint.ToDouble(input.Bar.Close));
        var book = context.Book(_source);
        int bar = _bars++;
        Seen.Add((bar, book.Position(0), book.AveragePrice(0), _stop));
        if (bar == _entryBar)
            book.TargetQuantity(ref slot, 0, _units);
        else if (!_exited && book.Position(0) > 0 && input.Bar.Close < _stop)
        {
            _exited = true;
            book.TargetQuantity(ref slot, 0, 0);
        }
    }
}
