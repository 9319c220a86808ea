using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using QpsFast.Data.Readers;

namespace QpsFast.Data.Tests.Readers;

/// <summary>Binance public data archives: the checksum beside the zip is verified, and millisecond and microsecond klines of the same minutes give the same records.</summary>
public sealed class BinanceArchiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-binance-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Archive(string name, IEnumerable<string> lines, bool checksum = true)
    {
        string zipPath = Path.Combine(_dir, name + ".zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(zip.CreateEntry(name + ".csv").Open());
            foreach (var line in lines)
                w.Write(line + "\n");
        }
        if (checksum)
            File.WriteAllText(zipPath + ".CHECKSUM", $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zipPath)))}  {name}.zip\n");
        return zipPath;
    }

    // The same klines with times in microseconds, as Binance's spot archives have them from 2025.
    private static string ToMicroseconds(string line)
    {
        var f = line.Split(',');
        f[0] = (long.Parse(f[0]) * 1000).ToString();
        f[6] = (long.Parse(f[6]) * 1000 + 999).ToString();
        return string.Join(',', f);
    }

    [SkippableFact]
    public void MillisecondAndMicrosecondArchives_GiveTheSameRecordsAsTheCsv_AndABadChecksumIsRefused()
    {
        string csv = SharedData.PathOf("crypto/ADABTC-1m-2021-11-27.csv");
        var lines = File.ReadAllLines(csv);
        var plain = MarketDataLoader.Load([csv]);
        var ms = MarketDataLoader.Load([Archive("ADABTC-1m-2021-11-27", lines)]);
        var us = MarketDataLoader.Load([Archive("ADABTC-1m-2021-11-28x", lines.Select(ToMicroseconds))]);
        var headed = MarketDataLoader.Load([Archive("ADABTC-1m-2021-11-29x", lines.Prepend("open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"), checksum: false)]);
        Assert.Equal(["ADABTC"], ms.Symbols);
        Assert.Equal(lines.Length, plain.Records.Length);
        foreach (var other in new[] { ms, us, headed })
            Assert.True(MemoryMarshal.AsBytes(plain.Records.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Records.AsSpan())), "the same records, byte for byte");

        string damaged = Archive("ADABTC-1m-2021-11-30x", lines);
        File.WriteAllText(damaged + ".CHECKSUM", "00" + File.ReadAllText(damaged + ".CHECKSUM")[2..]);
        var e = Assert.Throws<DataFormatException>(() => MarketDataLoader.Load([damaged]));
        Assert.Contains("ADABTC-1m-2021-11-30x.zip", e.Message);
        Assert.Contains("does not match ADABTC-1m-2021-11-30x.zip.CHECKSUM", e.Message);

        // A folder holding an archive and its checksum reads the archive once.
        string archive = Archive("ADABTC-1m-2021-12-01x", lines);
        string folder = Path.Combine(_dir, "one");
        Directory.CreateDirectory(folder);
        File.Copy(archive, Path.Combine(folder, Path.GetFileName(archive)));
        File.Copy(archive + ".CHECKSUM", Path.Combine(folder, Path.GetFileName(archive) + ".CHECKSUM"));
        Assert.Equal(lines.Length, MarketDataLoader.Load([folder]).Records.Length);
    }
}
