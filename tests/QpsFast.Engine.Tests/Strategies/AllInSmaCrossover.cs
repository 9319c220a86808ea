using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Strategies;

/// <summary>
/// The textbook all-in SMA crossover (backtesting.py's and backtrader's convention): when the fast SMA crosses above
/// the slow one, hold 100 % of equity, sized at the fill price; when it crosses below, go flat. Long only. The SMAs
/// are compared exactly (rolling sums of the raw closes), so no floating-point tie can move a crossing. It reads
/// nothing but the current input and its own book.
/// </summary>
public struct AllInSmaCrossover : IStrategy
{
    private readonly byte _source;
    private readonly int _fast;
    private readonly int _slow;
    private readonly long[] _closes;
    private Int128 _sumFast;
    private Int128 _sumSlow;
    private int _count;
    private int _direction;

    public AllInSmaCrossover(byte source, int fast, int slow)
    {
        _source = source;
        _fast = fast;
        _slow = slow;
        _closes = new long[slow];
    }

    public readonly void Describe(List<StrategyInfo> strategies) =>
        strategies.Add(new StrategyInfo(_source, "all-in-sma", ParametersJson: $"{{\"fast\":{_fast},\"slow\":{_slow}}}"));

    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    public void Process(ref Slot slot, StrategyContext context)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Symbol != 0)
            return;
        long close = input.Bar.Close;
        int at = _count % _slow;
        _sumSlow += close - (_count >= _slow ? _closes[at] : 0);
        _sumFast += close - (_count >= _fast ? _closes[(_count - _fast) % _slow] : 0);
        _closes[at] = close;
        _count++;
        if (_count < _slow)
            return;
        int direction = _sumFast * _slow > _sumSlow * _fast ? 1 : -1;
        if (_direction == 0 || direction == _direction)
        {
            _direction = direction; // the first full window sets the side without trading: only crossings trade
            return;
        }
        _direction = direction;
        context.Book(_source).TargetPercent(ref slot, 0, direction > 0 ? FixedPoint.Scale : 0);
    }
}
