using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests;

/// <summary>Builders of market records for tests, and a driver that runs a stage over them.</summary>
public static class Md
{
    public const long Minute = 60_000_000_000;
    public static readonly long T0 = 1_704_067_200_000_000_000; // 2024-01-01T00:00Z

    public static long P(decimal price) => Price.Create(price).Raw;
    public static long Q(decimal qty) => Quantity.Create(qty).Raw;

    public static Record Bar(int symbol, long closeTime, decimal close, decimal? open = null, decimal? high = null, decimal? low = null, int minutes = 1)
    {
        decimal o = open ?? close;
        return new Record
        {
            TimeNs = closeTime,
            Kind = RecordKind.Bar,
            Symbol = (ushort)symbol,
            Aux = (ushort)minutes,
            Bar = new BarPayload { Open = P(o), High = P(high ?? Math.Max(o, close)), Low = P(low ?? Math.Min(o, close)), Close = P(close), Volume = Q(100) },
        };
    }

    public static Record Level(int symbol, long time, int side, int level, decimal price, decimal size, decimal bestBid = 0, decimal bestAsk = 0) => new()
    {
        TimeNs = time,
        Kind = RecordKind.BookLevel,
        Symbol = (ushort)symbol,
        Book = new BookLevelPayload { Side = (byte)side, Level = (byte)level, Price = P(price), Size = Q(size), BestBid = P(bestBid), BestAsk = P(bestAsk) },
    };

    public static Record Trade(int symbol, long time, decimal price, decimal size) => new()
    {
        TimeNs = time,
        Kind = RecordKind.Trade,
        Symbol = (ushort)symbol,
        Trade = new TradePayload { Price = P(price), Size = Q(size) },
    };

    /// <summary>Runs <paramref name="stage"/> over <paramref name="inputs"/>; returns every derived record with the index of its input.</summary>
    public static List<(int Input, Record Record)> Run<TStage>(ref TStage stage, IEnumerable<Record> inputs) where TStage : struct, IStage
    {
        var output = new List<(int, Record)>();
        var slot = new Slot();
        int i = 0;
        foreach (var input in inputs)
        {
            slot.Reset(input);
            stage.Process(ref slot);
            foreach (var r in slot.Derived)
                output.Add((i, r));
            i++;
        }
        return output;
    }
}
