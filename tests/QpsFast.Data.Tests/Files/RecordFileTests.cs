using QpsFast.Data.Files;
using QpsFast.Data.Synthetic;

namespace QpsFast.Data.Tests.Files;

public sealed class RecordFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qps-recfile-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteDefaultDay(out RecordFile.Header header)
    {
        var path = Path.Combine(_dir, "m.qpsr");
        var market = new SyntheticMarket(new SyntheticOptions(Days: 1));
        header = RecordFile.Write(path, SyntheticMarket.NamesFor(4), 42, sink => market.Generate(sink));
        return path;
    }

    [Fact]
    public void WriteThenRead_RoundTripsRecordsSymbolsSeedAndDigest()
    {
        var path = WriteDefaultDay(out var written);
        var (header, records) = RecordFile.ReadAll(path);
        Assert.Equal(written.RecordCount, records.Length);
        Assert.Equal(["PAIR-A", "PAIR-B", "TREND", "RANGE"], header.Symbols);
        Assert.Equal(42, header.Seed);
        Assert.Equal(written.Digest, header.Digest);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp")); // the temporary file was renamed into place
    }

    [Fact]
    public void FlippedRecordByte_IsReportedWithFileAndOffset()
    {
        var path = WriteDefaultDay(out _);
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => RecordFile.ReadAll(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("digest", e.Message);
    }

    [Fact]
    public void TruncatedFile_IsReported()
    {
        var path = WriteDefaultDay(out _);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<InvalidDataException>(() => RecordFile.ReadAll(path));
        Assert.Contains("header says", e.Message);
    }

    [Fact]
    public void WrongMagic_IsReported()
    {
        var path = Path.Combine(_dir, "x.qpsr");
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(path, new byte[128]);
        var e = Assert.Throws<InvalidDataException>(() => RecordFile.ReadAll(path));
        Assert.Contains("bad magic", e.Message);
    }
}
