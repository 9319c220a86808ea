using QpsFast.Data.Files;

namespace QpsFast.Data.Readers;

/// <summary>
/// Loads market data from paths, picking the reader by what each file is: a record file (<c>.qpsr</c>), a LEAN zip,
/// OHLCV bars in Parquet (<c>.parquet</c>), a Binance archive (<c>.zip</c> with its <c>.CHECKSUM</c>), a folder (every
/// file in it, sorted by name), a Tardis CSV (trades, quotes, incremental_book_L2, book snapshots; plain or
/// <c>.csv.gz</c>), a Binance depth, kline, aggTrades or trades CSV, a quote CSV (time, bid, ask), or a generic OHLCV
/// CSV, each by its header or first row; then merges everything (<see cref="MarketDataMerger"/>).
/// </summary>
public static class MarketDataLoader
{
    /// <summary>Loaded market data: symbols by id, records in stream order, and the generator seed (record files; else 0).</summary>
    public sealed record LoadedData(string[] Symbols, QpsFast.Engine.Records.Record[] Records, long Seed);

    /// <summary>Loads and merges <paramref name="paths"/>.</summary>
    /// <exception cref="DataFormatException">Bad data; names the file, line, column and value.</exception>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public static LoadedData Load(IEnumerable<string> paths)
    {
        long seed = 0;
        var sources = new List<SourceData>();
        var depth = new List<string>();
        foreach (var path in Expand(paths))
        {
            if (path.EndsWith(".qpsr", StringComparison.OrdinalIgnoreCase))
            {
                var (header, records) = RecordFile.ReadAll(path);
                sources.Add(new SourceData(path, header.Symbols, records));
                seed = header.Seed;
                continue;
            }
            if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                sources.Add(ParquetMarketData.Read(path));
                continue;
            }
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    sources.Add(BinanceArchive.Is(path) ? BinanceArchive.Read(path) : LeanZipReader.Read(path));
                }
                catch (InvalidDataException e)
                {
                    throw DataFormatException.InFile(path, $"not a readable zip archive ({e.Message})");
                }
                continue;
            }
            if ((path.EndsWith(".zip.CHECKSUM", StringComparison.OrdinalIgnoreCase) && File.Exists(path[..^".CHECKSUM".Length])) || ParquetMapping.IsSidecar(path))
                continue; // read with its archive or Parquet file
            string first = TextLines.First(path);
            if (TardisReader.Sniff(first) != TardisReader.Kind.None)
                sources.Add(TardisReader.Read(path));
            else if (BinanceDepthReader.Sniff(first))
                depth.Add(path);
            else if (BinanceKlineReader.Sniff(first))
                sources.Add(BinanceKlineReader.Read(path));
            else if (BinanceTradeReader.Sniff(first) != BinanceTradeReader.Kind.None)
                sources.Add(BinanceTradeReader.Read(path));
            else if (QuoteCsvReader.Sniff(first))
                sources.Add(QuoteCsvReader.Read(path));
            else if (TextLines.IsGzip(path))
                throw DataFormatException.InFile(path, "a gzip file this loader reads holds Tardis CSV (trades, quotes, incremental_book_L2, book_snapshot), Binance trades or quotes; this header is none of them: " + first);
            else
                sources.Add(BarCsvReader.Read(path));
        }
        if (depth.Count > 0)
        {
            // Snapshots before updates, whatever order they were given in.
            depth.Sort((a, b) => (a.Contains("snap", StringComparison.OrdinalIgnoreCase) ? 0 : 1).CompareTo(b.Contains("snap", StringComparison.OrdinalIgnoreCase) ? 0 : 1));
            sources.Add(BinanceDepthReader.Read(depth));
        }
        var (symbols, merged) = MarketDataMerger.Merge(sources);
        return new LoadedData(symbols, merged, seed);
    }

    /// <summary>
    /// <paramref name="files"/> (expanded) in the units they are read in, in the order <see cref="Load"/> merges
    /// them: every file alone, except the Binance depth files, read together (a snapshot then its updates) after the
    /// others. Loading the units one by one and merging them in this order gives what loading all of them gives.
    /// </summary>
    public static List<List<string>> Units(IReadOnlyList<string> files)
    {
        var units = new List<List<string>>();
        var depth = new List<string>();
        foreach (var file in files)
        {
            if (IsDepth(file))
                depth.Add(file);
            else
                units.Add([file]);
        }
        if (depth.Count > 0)
            units.Add(depth);
        return units;
    }

    private static bool IsDepth(string path) =>
        !path.EndsWith(".qpsr", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".CHECKSUM", StringComparison.OrdinalIgnoreCase)
        && !ParquetMapping.IsSidecar(path) && BinanceDepthReader.Sniff(TextLines.First(path));

    internal static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        // The same file twice (named twice, or also inside a folder given) would publish every record twice.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in ExpandAll(paths))
        {
            if (!seen.Add(Path.GetFullPath(file)))
                throw new InvalidDataException($"{file}: given twice (directly or inside a folder given): its records would be published twice");
            yield return file;
        }
    }

    private static IEnumerable<string> ExpandAll(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.GetFiles(path).Order(StringComparer.Ordinal))
                    yield return file;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or folder", path);
            }
        }
    }
}
