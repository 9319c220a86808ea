using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;

namespace QpsFast.Samples;

/// <summary>
/// An SMA crossover that holds <c>percent</c> of its equity in symbol <c>symbol</c> while the <c>fast</c> SMA is above
/// the <c>slow</c> one and is flat otherwise, sized at the fill price (no look-ahead). Only crossings trade. The
/// averages are compared exactly, on the raw fixed-point closes. Parameters: fast (10), slow (30), percent (100),
/// symbol (0), flatten (false: flatten at session end).
/// </summary>
public struct SmaCrossover : IStrategyFactory<SmaCrossover>
{
    private readonly byte _source;
    private readonly int _fast;
    private readonly int _slow;
    private readonly long _fraction;
    private readonly ushort _symbol;
    private readonly bool _flatten;
    private readonly long[] _closes;
    private Int128 _sumFast;
    private Int128 _sumSlow;
    private int _count;
    private int _side;

    private SmaCrossover(byte source, int fast, int slow, decimal percent, int symbol, bool flatten)
    {
        if (fast < 1 || slow <= fast)
            throw new ArgumentException($"parameters fast ({fast}) and slow ({slow}) must satisfy 1 <= fast < slow");
        if (percent is <= 0 or > 100)
            throw new ArgumentException($"parameter percent must be in (0, 100] (got {percent})");
        if (symbol is < 0 or > ushort.MaxValue - 1)
            throw new ArgumentException($"parameter symbol is out of range (got {symbol})");
        _source = source;
        _fast = fast;
        _slow = slow;
        _fraction = Money.Create(percent / 100m).Raw;
        _symbol = (ushort)symbol;
        _flatten = flatten;
        _closes = new long[slow];
    }

    /// <inheritdoc />
    public static SmaCrossover Create(StrategyArgs args)
    {
        int symbol = args.Int("symbol", 0);
        if (symbol >= args.Symbols.Count)
            throw new ArgumentException($"parameter symbol {symbol}: the run has {args.Symbols.Count} symbol(s)");
        return new SmaCrossover(args.Source, args.Int("fast", 10), args.Int("slow", 30), args.Decimal("percent", 100m), symbol, args.Bool("flatten", false));
    }

    /// <inheritdoc />
    public readonly void Describe(List<StrategyInfo> strategies) =>
        strategies.Add(new StrategyInfo(_source, "sma-crossover", _flatten));

    /// <inheritdoc />
    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    /// <inheritdoc />
    public void Process(ref Slot slot, StrategyContext context)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Symbol != _symbol)
            return;
        long close = input.Bar.Close;
        int at = _count % _slow;
        _sumSlow += close - (_count >= _slow ? _closes[at] : 0);
        _sumFast += close - (_count >= _fast ? _closes[(_count - _fast) % _slow] : 0);
        _closes[at] = close;
        if (++_count < _slow)
            return;
        int side = _sumFast * _slow > _sumSlow * _fast ? 1 : -1;
        if (_side != 0 && side != _side)
            context.Book(_source).TargetPercent(ref slot, _symbol, side > 0 ? _fraction : 0);
        _side = side;
    }
}
