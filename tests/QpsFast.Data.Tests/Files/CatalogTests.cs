using System.Runtime.InteropServices;
using QpsFast.Data.Catalog;
using QpsFast.Data.Readers;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Data.Tests.Files;

/// <summary>The catalog: imported data streams back as the very records of the original files, selections work, imports are idempotent and all-or-nothing.</summary>
public sealed class CatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-catalog-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Record[] ReadAll(CatalogReader reader, int chunk = 16_384)
    {
        var list = new List<Record>();
        reader.Read(c => list.AddRange(c), chunk);
        return [.. list];
    }

    private static bool Same(Record[] a, Record[] b) => MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    [SkippableFact]
    public void ACatalogOfManyFormats_StreamsTheRecordsTheFilesLoadTo_InTheSameOrder()
    {
        string[] sources =
        [
            SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv"), Path.GetDirectoryName(SharedData.PathOf("crypto/ADABTC-1m-2021-11-27.csv"))!, SharedData.PathOf("daily/GOOG.csv"),
            SharedData.PathOf("book/btcusdt-depth-snap.csv"), SharedData.PathOf("book/btcusdt-depth-update.csv"), Path.GetDirectoryName(SharedData.PathOf("lean/equity/usa/minute/spy/20131004_trade.zip"))!,
            SharedData.PathOf("book/usdjpy-ticks.csv"), SharedData.PathOf("book/binance-futures_book_snapshot_5_BTCUSDT.csv"),
        ];
        var files = MarketDataLoader.Load(sources);
        var result = CatalogImporter.Import(_dir, sources);
        Assert.Equal(files.Records.LongLength, result.Records);
        var reader = CatalogReader.Open(_dir, []);
        Assert.Equal(files.Symbols, reader.Symbols);
        Assert.Equal(files.Records[0].TimeNs, reader.FirstTimeNs);
        Assert.True(Same(files.Records, ReadAll(reader, 1000)), "the catalog streams the files' records, byte for byte");
        Assert.Contains("GOOG", result.Manifest.YearlySymbols!); // daily bars only: a partition a year

        // Importing the same sources again changes nothing.
        var before = File.ReadAllText(Path.Combine(_dir, CatalogManifest.FileName));
        var again = CatalogImporter.Import(_dir, sources);
        Assert.Equal(again.Sources, again.Skipped);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, CatalogManifest.FileName)));

        // A selection: symbols renumbered in catalog order, a time range [from, to).
        var spy = CatalogReader.Open(_dir, ["SPY"], files.Records.First(r => files.Symbols[r.Symbol] == "SPY").TimeNs + 3_600_000_000_000, long.MaxValue);
        var selected = ReadAll(spy);
        Assert.Equal(["SPY"], spy.Symbols);
        Assert.All(selected, r => Assert.Equal(0, r.Symbol));
        ushort spyId = (ushort)Array.IndexOf(files.Symbols, "SPY");
        var expected = files.Records.Where(r => r.Symbol == spyId && r.TimeNs >= spy.FirstTimeNs).Select(r => { r.Symbol = 0; return r; }).ToArray();
        Assert.True(Same(expected, selected));
        Assert.Throws<ArgumentException>(() => CatalogReader.Open(_dir, ["NOPE"]));
    }

    [Fact]
    public void SymbolsAddedByLaterImports_LeaveEarlierPartitionsReadable()
    {
        // Partitions written when the catalog had one symbol have a shorter symbol table than the manifest has later
        // (1 symbol: records at 128; 3 symbols: at 192): the reader takes each file's own table.
        var paths = new List<string>();
        for (int s = 0; s < 3; s++)
        {
            string path = Path.Combine(_dir, $"sym{s}.csv");
            File.WriteAllLines(path, ["timestamp,open,high,low,close", $"2024-01-0{s + 1}T00:00:00Z,1,2,0.5,1.5", $"2024-01-0{s + 1}T00:01:00Z,1,2,0.5,1.5"]);
            paths.Add(path);
            CatalogImporter.Import(Path.Combine(_dir, "cat"), [path]);
        }
        var files = MarketDataLoader.Load(paths);
        Assert.True(Same(files.Records, ReadAll(CatalogReader.Open(Path.Combine(_dir, "cat"), []))));
    }

    [Fact]
    public void ADamagedPartition_StopsTheRead_NamingIt()
    {
        string bars = Path.Combine(_dir, "bars.csv");
        File.WriteAllLines(bars, ["timestamp,open,high,low,close", "2024-01-01T00:00:00Z,1,2,0.5,1.5", "2024-01-01T00:01:00Z,1,2,0.5,1.5"]);
        string catalog = Path.Combine(_dir, "cat");
        CatalogImporter.Import(catalog, [bars]);
        string partition = Directory.GetFiles(catalog, "*.qpsr", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(partition);
        bytes[^20] ^= 1; // one bit of the last record
        File.WriteAllBytes(partition, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(CatalogReader.Open(catalog, [])));
        Assert.Contains(partition, e.Message);
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void ASymbolLongerThanTheCatalogHolds_IsRefusedNamingTheFile_AndNothingIsWritten()
    {
        string ok = Path.Combine(_dir, "ok.csv"), longName = Path.Combine(_dir, "a-symbol-name-far-longer-than-thirty-two-bytes.csv");
        foreach (var (path, close) in new[] { (ok, "1.5"), (longName, "1.25") }) // other bytes: not the same source
            File.WriteAllLines(path, ["timestamp,open,high,low,close", $"2024-01-01T00:00:00Z,1,2,0.5,{close}", $"2024-01-01T00:01:00Z,1,2,0.5,{close}"]);
        string catalog = Path.Combine(_dir, "cat");
        var e = Assert.Throws<InvalidDataException>(() => CatalogImporter.Import(catalog, [ok, longName]));
        Assert.Contains(longName, e.Message);
        Assert.Contains("longer than", e.Message);
        Assert.False(Directory.Exists(catalog), "the first file's partition, and the folders made for it, went with it");
    }

    [SkippableFact]
    public void AnImportInTwoSteps_MergesIntoTheSamePartitions_AndABadFileWritesNothing()
    {
        string bid = SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv"), ask = SharedData.PathOf("fxcm/gbpusd-m1-ask-2012.csv");
        CatalogImporter.Import(_dir, [bid]);
        CatalogImporter.Import(_dir, [ask]);
        var files = MarketDataLoader.Load([bid, ask]);
        Assert.True(Same(files.Records, ReadAll(CatalogReader.Open(_dir, []))));
        Assert.Equal(Directory.GetFiles(_dir, "*.qpsr", SearchOption.AllDirectories).Length, CatalogManifest.Read(_dir).Partitions.Count);

        string bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(bad, ["timestamp,open,high,low,close", "2024-01-01T00:00:00Z,1,2,0.5,1.5", "2024-01-01T00:01:00Z,1,x,0.5,1.5"]);
        string manifest = File.ReadAllText(Path.Combine(_dir, CatalogManifest.FileName));
        int partitions = Directory.GetFiles(_dir, "*.qpsr", SearchOption.AllDirectories).Length;
        var e = Assert.Throws<DataFormatException>(() => CatalogImporter.Import(_dir, [bad]));
        Assert.Contains("bad.csv:3", e.Message);
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(_dir, CatalogManifest.FileName)));
        Assert.Equal(partitions, Directory.GetFiles(_dir, "*.qpsr", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void AGeneratedStream_IsWrittenADayAtATime_AndReadsBackAsTheGeneratorsRecords()
    {
        var options = new QpsFast.Data.Synthetic.SyntheticOptions(3, 4, 9);
        var market = new QpsFast.Data.Synthetic.SyntheticMarket(options);
        var expected = new List<Record>();
        market.Generate(c => expected.AddRange(c));
        string source = "synthetic 3/4/9";
        var result = CatalogImporter.ImportStream(_dir, source, QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4), 9, sink => market.Generate(sink));
        Assert.Equal(expected.Count, result.Records);
        Assert.Equal(4 * 4, result.PartitionsWritten); // 3 days and the last bars' close at 00:00 of the fourth, 4 symbols
        Assert.True(Same([.. expected], ReadAll(CatalogReader.Open(_dir, []))));
        Assert.Equal(0, CatalogImporter.ImportStream(_dir, source, QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4), 9, sink => market.Generate(sink)).Records);
        Assert.Throws<ArgumentException>(() => CatalogImporter.ImportStream(_dir, "another", QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4), 9, sink => market.Generate(sink)));
    }
}
