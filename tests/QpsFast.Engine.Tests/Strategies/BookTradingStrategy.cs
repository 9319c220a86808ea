using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Strategies;

/// <summary>
/// A stateful strategy for determinism and allocation tests: it reads its book on every 1-minute bar and uses every
/// order kind. Per symbol, in a cycle of <c>period</c> bars: a percent target with a limit just below the mark, a
/// cancel if that is still pending after a few bars, a value target short, and flat; it scales the percent by its
/// equity against its capital and counts the order events it is told of. Flattens at session end.
/// </summary>
public struct BookTradingStrategy(byte source, int period) : IStrategy
{
    private readonly long[] _bars = new long[4];
    private readonly long[] _events = new long[4]; // orders, fills, rejects, cancels

    public readonly long Events(int kind) => _events[kind];

    public readonly void Describe(List<StrategyInfo> strategies) =>
        strategies.Add(new StrategyInfo(source, $"book-trader-{source}", FlattenAtSessionEnd: true, ParametersJson: $"{{\"period\":{period}}}"));

    public readonly void OnOrderEvent(in Record record, StrategyContext context)
    {
        int kind = record.Kind switch
        {
            RecordKind.Order => 0,
            RecordKind.Fill => 1,
            _ => record.Aux == (ushort)QpsFast.Engine.Risk.RejectReason.Cancelled ? 3 : 2,
        };
        _events[kind]++;
    }

    public readonly void Process(ref Slot slot, StrategyContext context)
    {
        ref readonly var input = ref slot.Input;
        if (input.Kind != RecordKind.Bar || input.Aux != 1 || input.Symbol >= _bars.Length)
            return;
        ushort s = input.Symbol;
        long n = _bars[s]++;
        var book = context.Book(source);
        long mark = book.Mark(s);
        if (mark <= 0)
            return;
        long phase = n % period;
        if (phase == 0)
        {
            // 10 % of equity, more when ahead: a limit 5 bp below the mark.
            long fraction = FixedPoint.Scale / 10 + (book.Equity > book.Cash ? FixedPoint.Scale / 20 : 0);
            book.TargetPercent(ref slot, s, fraction, mark - mark / 2000, lotDecimals: 2);
        }
        else if (phase == 3 && book.PendingQuantity(s) != 0)
        {
            book.Cancel(ref slot, s);
        }
        else if (phase == period / 2)
        {
            book.TargetValue(ref slot, s, -Money.Create(5_000m).Raw);
        }
        else if (phase == period - 1 && book.Position(s) != 0 && book.AveragePrice(s) > 0)
        {
            book.TargetQuantity(ref slot, s, 0);
        }
    }
}
