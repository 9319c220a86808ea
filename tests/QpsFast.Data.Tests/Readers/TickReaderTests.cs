using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using QpsFast.Data.Readers;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Tests.Readers;

/// <summary>Tick-level formats: Tardis trades, quotes and incremental_book_L2 (plain and .csv.gz), Binance aggTrades and trades, quote CSVs (TrueFX).</summary>
public sealed class TickReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-ticks-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    internal const string TardisTrades = """
        exchange,symbol,timestamp,local_timestamp,id,side,price,amount
        binance,BTCUSDT,1700000000000000,1700000000001000,1,buy,37000.5,0.01
        binance,ETHUSDT,1700000000000500,1700000000001000,2,sell,2000.1,1.5
        binance,BTCUSDT,1699999999999000,1700000000002000,3,unknown,37000.4,0.02
        """;

    internal const string TardisQuotes = """
        exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
        binance,BTCUSDT,1700000000000900,1700000000001000,2.0,37000.6,37000.5,1.0
        binance,BTCUSDT,1700000000001900,1700000000002000,2.0,37000.6,37000.4,3.0
        binance,BTCUSDT,1700000000002900,1700000000003000,,,37000.4,3.0
        """;

    internal const string TardisL2 = """
        exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
        deribit,BTC-PERPETUAL,900,1000,true,bid,100,5
        deribit,BTC-PERPETUAL,900,1000,true,bid,99,3
        deribit,BTC-PERPETUAL,900,1000,true,ask,101,4
        deribit,BTC-PERPETUAL,1900,2000,false,bid,100,0
        deribit,BTC-PERPETUAL,2900,3000,true,ask,105,1
        """;

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    private string Gzip(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        gz.Write(System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n") + "\n"));
        return path;
    }

    private static bool Same(Record[] a, Record[] b) => MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    [Fact]
    public void TardisTrades_AreTicksAtTheirLocalTimestamp_ManySymbolsInOneFile_AndGzipReadsTheSame()
    {
        var data = TardisReader.Read(Write("trades.csv", TardisTrades));
        Assert.Equal(["BTCUSDT", "ETHUSDT"], data.Symbols);
        Assert.Equal(3, data.Records.Length);
        Assert.All(data.Records, r => Assert.Equal(RecordKind.Trade, r.Kind));
        Assert.Equal(1_700_000_000_001_000_000L, data.Records[0].TimeNs); // local_timestamp, µs
        Assert.Equal(1_700_000_000_002_000_000L, data.Records[2].TimeNs); // the exchange's time stepped back; arrival did not
        Assert.Equal(((ushort)1, (byte)1), (data.Records[1].Symbol, data.Records[1].Trade.Aggressor));
        Assert.Equal(Price.Create(37000.5m).Raw, data.Records[0].Trade.Price);
        Assert.Equal(Quantity.Create(0.01m).Raw, data.Records[0].Trade.Size);
        Assert.Equal(2, data.Records[2].Trade.Aggressor);
        var gz = MarketDataLoader.Load([Gzip("trades.csv.gz", TardisTrades)]);
        var plain = MarketDataLoader.Load([Path.Combine(_dir, "trades.csv")]);
        Assert.Equal(plain.Symbols, gz.Symbols);
        Assert.True(Same(plain.Records, gz.Records));
    }

    [Fact]
    public void AHeaderOnlyFile_HasNoSymbol()
    {
        var data = TardisReader.Read(Write("deribit_trades_2024-01-01_BTC-PERPETUAL-and-a-long-name.csv", TardisTrades.Split('\n')[0]));
        Assert.Empty(data.Symbols);
        Assert.Empty(data.Records);
    }

    [Fact]
    public void TardisQuotes_AreLevelZeroUpdatesForTheSidesThatChanged_AndAnEmptySideDeletesIt()
    {
        var r = TardisReader.Read(Write("quotes.csv", TardisQuotes)).Records;
        Assert.Equal(4, r.Length); // bid+ask, then the bid, then the ask deleted
        Assert.Equal((0, Price.Create(37000.5m).Raw, Quantity.Create(1m).Raw), (r[0].Book.Side, r[0].Book.Price, r[0].Book.Size));
        Assert.Equal((1, Price.Create(37000.6m).Raw), (r[1].Book.Side, r[1].Book.Price));
        Assert.Equal((0, Price.Create(37000.4m).Raw, Price.Create(37000.6m).Raw), (r[2].Book.Side, r[2].Book.Price, r[2].Book.BestAsk));
        Assert.Equal((1, 0L, 0L), (r[3].Book.Side, r[3].Book.Size, r[3].Book.BestAsk));
    }

    [Fact]
    public void TardisIncrementalL2_KeepsTheBook_DeletesOnZero_AndASnapshotAfterUpdatesReplacesIt()
    {
        var r = TardisReader.Read(Write("l2.csv", TardisL2)).Records;
        var at = (long us) => r.Where(x => x.TimeNs == us * 1000).Select(x => (x.Book.Side, x.Book.Level, Price: FixedPoint.Format(x.Book.Price), Size: FixedPoint.Format(x.Book.Size))).ToArray();
        Assert.Equal([(0, 0, "100", "5"), (0, 1, "99", "3"), (1, 0, "101", "4")], at(1000));
        Assert.Equal([(0, 0, "99", "3"), (0, 1, "0", "0")], at(2000)); // the touch went; level 1 is gone
        Assert.Equal([(0, 0, "0", "0"), (1, 0, "105", "1")], at(3000)); // the new snapshot has one ask and no bids
    }

    [Fact]
    public void TardisBadRows_AndACutShortGzip_AreNamedByFileAndLine()
    {
        var e = Assert.Throws<DataFormatException>(() => TardisReader.Read(Write("bad.csv", TardisTrades.Replace("unknown", "sideways"))));
        Assert.Contains("bad.csv:4: column 'side', value 'sideways'", e.Message);
        e = Assert.Throws<DataFormatException>(() => TardisReader.Read(Write("back.csv", TardisTrades.Replace("1700000000002000", "1700000000000999"))));
        Assert.Contains("back.csv:4: column 'local_timestamp'", e.Message);
        var big = string.Join("\n", Enumerable.Range(0, 20000).Select(i => $"binance,BTCUSDT,{1700000000000000 + i},{1700000000000000 + i},{i},buy,1.5,2"));
        string gz = Gzip("cut.csv.gz", TardisTrades.Split('\n')[0] + "\n" + big);
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<DataFormatException>(() => MarketDataLoader.Load([gz]));
        Assert.Contains("cut.csv.gz", e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void BinanceAggTradesAndTrades_SpotAndFutures_MillisecondsAndMicroseconds_GiveTheSameTicks()
    {
        string futures = Write("BTCUSDT-aggTrades-2024-01-01.csv", """
            agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
            26129,42000.10,0.004,27781,27781,1704067200123,true
            26130,42000.20,0.5,27782,27784,1704067200456,false
            """);
        string spotMicros = Write("BTCUSDT-aggTrades-2025-01-01.csv", """
            26129,42000.10,0.004,27781,27781,1704067200123000,True,True
            26130,42000.20,0.5,27782,27784,1704067200456000,False,True
            """);
        string trades = Write("BTCUSDT-trades-2024-01-01.csv", """
            27781,42000.10,0.004,168.0004,1704067200123,True,True
            27782,42000.20,0.5,21000.1,1704067200456,False,True
            """);
        var a = BinanceTradeReader.Read(futures);
        Assert.Equal("BTCUSDT", a.Symbols[0]);
        Assert.Equal(2, a.Records.Length);
        Assert.Equal(1_704_067_200_123_000_000L, a.Records[0].TimeNs);
        Assert.Equal((byte)1, a.Records[0].Trade.Aggressor); // the buyer was the maker: the seller crossed
        Assert.Equal((byte)0, a.Records[1].Trade.Aggressor);
        Assert.True(Same(a.Records, BinanceTradeReader.Read(spotMicros).Records));
        Assert.True(Same(a.Records, MarketDataLoader.Load([trades]).Records));
        // In a checksummed archive, as data.binance.vision serves them.
        string zip = Path.Combine(_dir, "BTCUSDT-aggTrades-2024-01-02.zip");
        using (var z = ZipFile.Open(zip, ZipArchiveMode.Create))
        using (var w = new StreamWriter(z.CreateEntry("BTCUSDT-aggTrades-2024-01-02.csv").Open()))
            w.Write(File.ReadAllText(spotMicros));
        File.WriteAllText(zip + ".CHECKSUM", Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip))) + "  x.zip\n");
        var fromZip = MarketDataLoader.Load([zip, zip + ".CHECKSUM"]);
        Assert.Equal(["BTCUSDT"], fromZip.Symbols);
        Assert.True(Same(a.Records, fromZip.Records));
        var e = Assert.Throws<DataFormatException>(() => BinanceTradeReader.Read(Write("BTCUSDT-trades-x.csv", "1,2.0,3,6,1704067200123,true,True\n2,2.0,3,6,1704067200124,maybe,True")));
        Assert.Contains(":2: column 'is_buyer_maker', value 'maybe'", e.Message);
    }

    [SkippableFact]
    public void TrueFxQuoteTicks_BecomeLevelZeroUpdates_WithSizeOne()
    {
        var data = MarketDataLoader.Load([SharedData.PathOf("book/usdjpy-ticks.csv")]);
        Assert.Equal(["usdjpy-ticks"], data.Symbols);
        var r = data.Records;
        Assert.All(r, x => Assert.Equal((RecordKind.BookLevel, (byte)0), (x.Kind, x.Book.Level)));
        Assert.Equal((0, Price.Create(86.655m).Raw, FixedPoint.Scale), (r[0].Book.Side, r[0].Book.Price, r[0].Book.Size));
        Assert.Equal((Price.Create(86.655m).Raw, Price.Create(86.728m).Raw), (r[1].Book.BestBid, r[1].Book.BestAsk));
        Assert.InRange(r.Length, 1000, 2000); // 1,000 rows: both sides at first, then the sides that changed
        Assert.True(r.Zip(r.Skip(1)).All(p => p.First.TimeNs <= p.Second.TimeNs));
        var e = Assert.Throws<DataFormatException>(() => QuoteCsvReader.Read(Write("q.csv", "timestamp,bid,ask\n2013-01-01 22:00:00,86.8,86.7")));
        Assert.Contains("q.csv:2: column 'bid', value '86.8': bid above ask", e.Message);
    }
}
