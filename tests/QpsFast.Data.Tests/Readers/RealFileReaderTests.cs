using System.IO.Compression;
using QpsFast.Data.Readers;
using QpsFast.Engine.Records;
using QpsFast.Engine.Values;

namespace QpsFast.Data.Tests.Readers;

/// <summary>Every reader on the real files in ../shared/data.</summary>
public sealed class RealFileReaderTests
{
    private static long Ns(int y, int mo, int d, int h = 0, int mi = 0) => TimeParsing.ToNs(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc));

    private static int DataLines(string path, bool header) => File.ReadLines(path).Count(l => l.Length > 0) - (header ? 1 : 0);

    [SkippableFact]
    public void FxcmMinuteBars_AreReadExactly_AndStampedAtTheirClose()
    {
        var path = SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv");
        var data = BarCsvReader.Read(path, "GBPUSD");
        Assert.Equal(30_117, data.Records.Length);
        var first = data.Records[0];
        Assert.Equal(Ns(2012, 2, 1, 0, 1), first.TimeNs);
        Assert.Equal(1, first.Aux);
        Assert.Equal(Price.Create(1.57597m).Raw, first.Bar.Open);
        Assert.Equal(Price.Create(1.57576m).Raw, first.Bar.Close);
        Assert.All(data.Records, r => Assert.Equal(RecordKind.Bar, r.Kind));
    }

    [SkippableFact]
    public void CryptoPerpBars_WithoutOffsetAreUtc_AndHaveVolume()
    {
        var path = SharedData.PathOf("crypto/btc-perp-20211231-20220201_1m.csv");
        var data = BarCsvReader.Read(path);
        Assert.Equal(DataLines(path, header: true), data.Records.Length);
        Assert.Equal(Ns(2021, 12, 31, 23, 2), data.Records[0].TimeNs);
        Assert.Equal(Quantity.Create(2300413.7295m).Raw, data.Records[0].Bar.Volume);
        Assert.Equal("btc-perp-20211231-20220201_1m", data.Symbols[0]);
    }

    [SkippableTheory]
    [InlineData("daily/orcl-1995-2014.txt")]
    [InlineData("daily/GOOG.csv")]
    public void YahooDailyBars_AreDailyBars_StampedAtTheNextMidnight(string file)
    {
        var path = SharedData.PathOf(file);
        var data = BarCsvReader.Read(path);
        Assert.Equal(DataLines(path, header: true), data.Records.Length);
        Assert.All(data.Records, r => Assert.Equal(1440, r.Aux));
        var firstDate = DateTime.Parse(File.ReadLines(path).Skip(1).First().Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeParsing.ToNs(DateTime.SpecifyKind(firstDate.AddDays(1), DateTimeKind.Utc)), data.Records[0].TimeNs);
    }

    [SkippableFact]
    public void BinanceKlines_AreStampedAtCloseTimePlusOneMillisecond()
    {
        var path = SharedData.PathOf("crypto/ADABTC-1m-2021-11-27.csv");
        Assert.True(BinanceKlineReader.Sniff(File.ReadLines(path).First()));
        var data = BinanceKlineReader.Read(path);
        Assert.Equal("ADABTC", data.Symbols[0]);
        Assert.Equal(DataLines(path, header: false), data.Records.Length);
        Assert.Equal(1_637_971_260_000L * 1_000_000, data.Records[0].TimeNs);
        Assert.Equal(Price.Create(0.00002853m).Raw, data.Records[0].Bar.Open);
        Assert.Equal(1, data.Records[0].Aux);
    }

    [SkippableFact]
    public void LeanMinuteTrades_ConvertNewYorkMillisecondsAndTenThousandthPrices()
    {
        var path = SharedData.PathOf("lean/equity/usa/minute/spy/20131007_trade.zip");
        var data = LeanZipReader.Read(path);
        Assert.Equal("SPY", data.Symbols[0]);
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.Entries[0].Open());
        int rows = reader.ReadToEnd().Split('\n').Count(l => l.Length > 0);
        Assert.Equal(rows, data.Records.Length);
        // 14,400,000 ms = 04:00 New York, EDT in October: 08:00 UTC; stamped at the minute's close.
        Assert.Equal(Ns(2013, 10, 7, 8, 1), data.Records[0].TimeNs);
        Assert.Equal(Price.Create(167.41m).Raw, data.Records[0].Bar.Open);
        Assert.Equal(Price.Create(167.27m).Raw, data.Records[0].Bar.Close);
        Assert.Equal(Quantity.Create(3197).Raw, data.Records[0].Bar.Volume);
    }

    [SkippableFact]
    public void LeanMinuteQuotes_BecomeTopOfBookUpdates()
    {
        var data = LeanZipReader.Read(SharedData.PathOf("lean/equity/usa/minute/spy/20131007_quote.zip"));
        var bid = data.Records[0];
        var ask = data.Records[1];
        Assert.Equal((RecordKind.BookLevel, (byte)0, (byte)0), (bid.Kind, bid.Book.Side, bid.Book.Level));
        Assert.Equal((byte)1, ask.Book.Side);
        Assert.Equal(Price.Create(167.25m).Raw, bid.Book.Price);
        Assert.Equal(Price.Create(167.27m).Raw, ask.Book.Price);
        Assert.Equal(Quantity.Create(300).Raw, bid.Book.Size);
        Assert.Equal((bid.Book.Price, ask.Book.Price), (ask.Book.BestBid, bid.Book.BestAsk));
    }

    [SkippableFact]
    public void LeanDailyBars_AreStampedAtFourPmNewYork_WithDaylightSavingApplied()
    {
        var data = LeanZipReader.Read(SharedData.PathOf("lean/equity/usa/daily/spy.zip"));
        Assert.Equal(Ns(1998, 1, 2, 21), data.Records[0].TimeNs); // EST: 16:00 + 5 h
        Assert.Equal(Price.Create(97.31m).Raw, data.Records[0].Bar.Open);
        var july = data.Records.First(r => r.TimeNs >= Ns(1998, 7, 1));
        Assert.Equal(20, new DateTime(1970, 1, 1).AddTicks(july.TimeNs / 100).Hour); // EDT: 16:00 + 4 h
    }

    [SkippableFact]
    public void TardisSnapshots_BecomeLevelUpdates_OnlyForLevelsThatChanged()
    {
        var data = TardisReader.Read(SharedData.PathOf("book/binance-futures_book_snapshot_5_BTCUSDT.csv"));
        Assert.Equal("BTCUSDT", data.Symbols[0]);
        var first = data.Records.TakeWhile(r => r.TimeNs == data.Records[0].TimeNs).ToArray();
        Assert.Equal(10, first.Length); // 5 bids then 5 asks
        Assert.Equal(Price.Create(11657.07m).Raw, first[0].Book.Price);
        Assert.Equal(Quantity.Create(10.896m).Raw, first[0].Book.Size);
        Assert.Equal(Price.Create(11657.08m).Raw, first[5].Book.Price);
        Assert.Equal((first[0].Book.Price, first[5].Book.Price), (first[9].Book.BestBid, first[9].Book.BestAsk));
        // The second snapshot changes only the best ask's amount (1.714 → 1.476).
        var second = data.Records.Where(r => r.TimeNs == 1_598_918_403_894_256L * 1000).ToArray();
        var change = Assert.Single(second);
        Assert.Equal((1, 0), (change.Book.Side, change.Book.Level));
        Assert.Equal(Quantity.Create(1.476m).Raw, change.Book.Size);
    }

    [SkippableFact]
    public void BinanceDepth_SnapshotThenUpdates_BecomeTopLevelUpdates()
    {
        var snap = SharedData.PathOf("book/btcusdt-depth-snap.csv");
        var update = SharedData.PathOf("book/btcusdt-depth-update.csv");
        var data = BinanceDepthReader.Read([snap, update], levels: 10);
        Assert.Equal("BTCUSDT", data.Symbols[0]);
        var snapshot = data.Records.TakeWhile(r => r.TimeNs == 1_667_346_579_146L * 1_000_000).ToArray();
        Assert.Equal(10, snapshot.Count(r => r.Book.Side == 0)); // 100 bid rows: the top 10 are emitted
        Assert.Equal(Price.Create(20377.00m).Raw, snapshot.First(r => r.Book.Side == 0 && r.Book.Level == 0).Book.Price);
        for (int i = 1; i < 10; i++)
        {
            var prev = snapshot.First(r => r.Book.Side == 0 && r.Book.Level == i - 1);
            var cur = snapshot.First(r => r.Book.Side == 0 && r.Book.Level == i);
            Assert.True(cur.Book.Price < prev.Book.Price, "bids descend from the touch");
        }
        Assert.All(data.Records, r => Assert.True(r.Book.Level < 10));
    }

    [SkippableFact]
    public void Merge_OrdersByTimeThenSymbolThenKind_AndNumbersSymbolsByFirstAppearance()
    {
        var (symbols, records, _) = MarketDataLoader.Load([SharedData.PathOf("lean/equity/usa/minute/spy/20131007_quote.zip"), SharedData.PathOf("lean/equity/usa/minute/spy/20131007_trade.zip"), SharedData.PathOf("crypto/btc-perp-20211231-20220201_1m.csv")]);
        Assert.Equal(["SPY", "btc-perp-20211231-20220201_1m"], symbols);
        for (int i = 1; i < records.Length; i++)
        {
            var (a, b) = (records[i - 1], records[i]);
            Assert.True((a.TimeNs, a.Symbol, (int)a.Kind).CompareTo((b.TimeNs, b.Symbol, (int)b.Kind)) <= 0, $"record {i}");
        }
        // At each SPY minute the trade bar comes before the quote's book levels (kind order), bid before ask.
        int bar = Array.FindIndex(records, r => r.Kind == RecordKind.Bar && r.Symbol == 0);
        Assert.Equal(RecordKind.BookLevel, records[bar + 1].Kind);
        Assert.Equal(records[bar].TimeNs, records[bar + 1].TimeNs);
    }
}
