using System.IO.Compression;
using System.Security.Cryptography;

namespace QpsFast.Data.Readers;

/// <summary>
/// Binance public data archives (data.binance.vision): a <c>.zip</c> holding one kline, aggTrades or trades CSV, beside
/// its <c>.zip.CHECKSUM</c> ("SHA-256 hex, two spaces, file name"). When the checksum file is there the archive's
/// SHA-256 must match it, or nothing is read; the CSV is read as a stream from the archive
/// (<see cref="BinanceKlineReader"/>, <see cref="BinanceTradeReader"/>, by its first line).
/// </summary>
public static class BinanceArchive
{
    /// <summary>Returns whether <paramref name="zipPath"/> is a Binance archive: a checksum file beside it, or a single kline or trade CSV inside.</summary>
    public static bool Is(string zipPath)
    {
        if (File.Exists(zipPath + ".CHECKSUM"))
            return true;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            if (zip.Entries.Count != 1 || !zip.Entries[0].Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                return false;
            using var reader = new StreamReader(zip.Entries[0].Open());
            string first = reader.ReadLine() ?? "";
            return BinanceKlineReader.Sniff(first) || BinanceTradeReader.Sniff(first) != BinanceTradeReader.Kind.None;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Reads the archive's klines (as bars) or trades (as ticks) of the symbol its name starts with (BTCUSDT-1m-2024-01.zip: BTCUSDT).</summary>
    /// <exception cref="DataFormatException">The checksum does not match, the archive is not one kline or trade CSV, or a row is bad.</exception>
    public static SourceData Read(string zipPath)
    {
        string checksumPath = zipPath + ".CHECKSUM";
        if (File.Exists(checksumPath))
        {
            var expected = File.ReadAllText(checksumPath).Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            string actual;
            using (var stream = File.OpenRead(zipPath))
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                throw DataFormatException.InFile(zipPath, $"SHA-256 {actual} does not match {Path.GetFileName(checksumPath)} ({(expected.Length == 0 ? "empty" : expected)}): a damaged or changed download; nothing was read");
        }
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw DataFormatException.InFile(zipPath, $"not a zip archive ({e.Message})");
        }
        using (zip)
        {
            var csv = zip.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (csv.Length != 1)
                throw DataFormatException.InFile(zipPath, $"a Binance archive holds one CSV; this one holds {csv.Length}");
            string symbol = Path.GetFileNameWithoutExtension(zipPath).Split('-')[0];
            string inner = $"{zipPath}!{csv[0].FullName}";
            string first = Lines(csv[0]).FirstOrDefault() ?? "";
            var data = BinanceTradeReader.Sniff(first) != BinanceTradeReader.Kind.None
                ? BinanceTradeReader.Read(inner, Lines(csv[0]), symbol)
                : BinanceKlineReader.Read(inner, Lines(csv[0]), symbol);
            return data with { Path = zipPath };
        }
    }

    private static IEnumerable<string> Lines(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
