using QpsFast.Data.Readers;

namespace QpsFast.Data.Tests.Readers;

/// <summary>Bad rows stop the read with the file, line, column and value.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void MalformedNumber_NamesFileLineColumnAndValue()
    {
        var path = Write("bars.csv", "timestamp,open,high,low,close\n2020-01-01 00:00:00,1,2,0.5,1.5\n2020-01-01 00:01:00,1,2x,0.5,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Equal((path, 3L, "high", "2x"), (e.File, e.Line, e.Column, e.Value));
        Assert.Contains($"{path}:3: column 'high', value '2x'", e.Message);
    }

    // Issue 12: silent accepts at the readers' door.
    [Theory]
    [InlineData("2263-01-01 00:00:00", "timestamp", "within 1677-09-21")]     // ISO past 2262: wrapped to another date
    [InlineData("1600-01-01 00:00:00", "timestamp", "within 1677-09-21")]     // ISO before 1677
    [InlineData("9300000000000", "timestamp", "within 1677-09-21")]           // epoch ms of year 2264
    [InlineData("99999999999", "timestamp", "within 1677-09-21")]             // epoch s of year 5138
    public void TimesOutsideTheNanosecondRange_AreRejected(string time, string column, string problem)
    {
        var path = Write("bars.csv", $"timestamp,open,high,low,close\n{time},1,2,0.5,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Equal((2L, column, time), (e.Line, e.Column, e.Value));
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("0.000000004", "open")]
    [InlineData("0.0000000001", "open")]
    public void APriceBelowTheResolution_IsRejected_NotTakenAsZero(string price, string column)
    {
        var path = Write("bars.csv", $"timestamp,open,high,low,close\n2020-01-01 00:00:00,{price},2,0,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Equal((column, price), (e.Column, e.Value));
        Assert.Contains("below the fixed-point resolution (0.00000001)", e.Message);
    }

    [Fact]
    public void OutOfOrderTimestamp_IsReportedAtItsLine()
    {
        var path = Write("bars.csv", "timestamp,open,high,low,close\n2020-01-01 00:02:00,1,2,0.5,1.5\n2020-01-01 00:01:00,1,2,0.5,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Equal((3L, "timestamp", "2020-01-01 00:01:00"), (e.Line, e.Column, e.Value));
        Assert.Contains("not after the previous row", e.Message);
    }

    [Fact]
    public void MissingColumn_IsReportedOnTheHeader()
    {
        var path = Write("bars.csv", "timestamp,open,high,close\n2020-01-01 00:00:00,1,2,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Equal((1L, "low"), (e.Line, e.Column));
    }

    [Fact]
    public void WrongColumnCount_IsReported()
    {
        var path = Write("bars.csv", "timestamp,open,high,low,close\n2020-01-01 00:00:00,1,2,0.5,1.5,9\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Contains("expected 5 columns, found more", e.Message);
        var path2 = Write("k.csv", "1637971200000,0.1,0.2,0.05,0.15,1,1637971259999,1,1,1,1\n");
        Assert.Throws<DataFormatException>(() => BinanceKlineReader.Read(path2));
    }

    [Fact]
    public void HighBelowClose_IsRejected()
    {
        var path = Write("bars.csv", "timestamp,open,high,low,close\n2020-01-01 00:00:00,1,1.2,0.5,1.5\n");
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(path));
        Assert.Contains("bracket", e.Message);
    }

    [Fact]
    public void MissingPath_IsReported()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MarketDataLoader.Load([Path.Combine(_dir, "nope.csv")]));
        Assert.Contains("nope.csv", e.Message);
    }

    [Fact]
    public void OneMinuteVolumesWhoseDailySumWouldOverflow_AreRefused_ButNotOnDailyBars()
    {
        // Before: aggregated volumes wrapped. Each of these fits the fixed-point range; a day of them does not.
        var rows = string.Join("", Enumerable.Range(0, 3).Select(i => $"2020-01-01 00:0{i}:00,1,2,0.5,1.5,20000000000\n"));
        var minute = Write("minute.csv", "timestamp,open,high,low,close,volume\n" + rows);
        var e = Assert.Throws<DataFormatException>(() => BarCsvReader.Read(minute));
        Assert.Equal((4L, "volume", "20000000000"), (e.Line, e.Column, e.Value));
        Assert.Contains("would overflow", e.Message);
        var daily = Write("daily.csv", "timestamp,open,high,low,close,volume\n2020-01-01,1,2,0.5,1.5,50000000000\n2020-01-02,1,2,0.5,1.5,10\n");
        Assert.Equal(2, BarCsvReader.Read(daily).Records.Length);
    }
}
