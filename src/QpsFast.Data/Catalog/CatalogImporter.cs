using System.Globalization;
using System.Security.Cryptography;
using QpsFast.Data.Files;
using QpsFast.Data.Readers;
using QpsFast.Engine.Records;

namespace QpsFast.Data.Catalog;

/// <summary>
/// <c>qps import</c>: converts market data (any format <see cref="MarketDataLoader"/> reads) into a catalog: record
/// files partitioned by symbol and UTC day (by year for a symbol first imported with only daily bars), in the stream order of <see cref="MarketDataMerger"/>, and
/// <c>catalog.json</c>. Sources are known by content (SHA-256): importing one again changes nothing. New data for an
/// existing partition is merged into a new file (existing records first where the order ties); the manifest is
/// written last and then the files it no longer names are removed, so an import cut short leaves the catalog as it
/// was (plus unnamed files the next import removes).
/// </summary>
public static class CatalogImporter
{
    /// <summary>What an import did.</summary>
    public sealed record Result(int Sources, int Skipped, long Records, int PartitionsWritten, CatalogManifest Manifest);

    /// <summary>Imports <paramref name="paths"/> (files and folders) into the catalog in <paramref name="directory"/> (created if need be).</summary>
    /// <exception cref="DataFormatException">Bad data: nothing was written.</exception>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    /// <exception cref="InvalidDataException">The catalog's manifest or a partition is damaged.</exception>
    public static Result Import(string directory, IReadOnlyList<string> paths) => Import(directory, paths, null);

    /// <summary>
    /// <see cref="Import(string, IReadOnlyList{string})"/>, reporting progress: <c>("files", read, total)</c> while the
    /// sources are read, then <c>("records", written, total)</c> as partitions are written.
    /// </summary>
    public static Result Import(string directory, IReadOnlyList<string> paths, Action<string, long, long>? progress)
    {
        var manifest = CatalogManifest.Read(directory);
        var files = MarketDataLoader.Expand(paths).ToList();
        var known = manifest.Imports.Select(i => i.Sha256).ToHashSet(StringComparer.Ordinal);
        var fresh = new List<(string Path, string Sha)>();
        foreach (var f in files)
        {
            string sha = ContentHash(f);
            if (known.Add(sha))
                fresh.Add((f, sha));
        }
        if (fresh.Count == 0)
            return new Result(files.Count, files.Count, 0, 0, manifest);
        int read = 0;
        var loaded = MarketDataLoader.Load(fresh.Select(f => f.Path), _ => progress?.Invoke("files", read++, fresh.Count));
        progress?.Invoke("files", fresh.Count, fresh.Count);
        Directory.CreateDirectory(directory);

        var symbols = manifest.Symbols.ToList();
        var map = new ushort[loaded.Symbols.Length];
        for (int i = 0; i < map.Length; i++)
        {
            int id = symbols.IndexOf(loaded.Symbols[i]);
            if (id < 0)
            {
                id = symbols.Count;
                symbols.Add(loaded.Symbols[i]);
            }
            map[i] = (ushort)id;
        }
        // A symbol first imported with only daily (or longer) bars is partitioned by year: a file a day would hold one record.
        var yearly = (manifest.YearlySymbols ?? []).ToHashSet(StringComparer.Ordinal);
        var knownBefore = manifest.Symbols.ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < loaded.Symbols.Length; i++)
        {
            if (!knownBefore.Contains(loaded.Symbols[i]) && loaded.Records.Where(r => r.Symbol == i).All(r => r.Kind == RecordKind.Bar && r.Aux >= 1440))
                yearly.Add(loaded.Symbols[i]);
        }
        var groups = new SortedDictionary<(DateOnly Day, ushort Symbol), List<Record>>();
        foreach (var record in loaded.Records)
        {
            var r = record;
            if (r.Symbol >= map.Length)
                throw new InvalidDataException($"a record of {string.Join(" ", paths)} has no symbol (id {r.Symbol}); market data records belong to a symbol");
            r.Symbol = map[r.Symbol];
            var day = DayOf(r.TimeNs);
            var key = (yearly.Contains(symbols[r.Symbol]) ? new DateOnly(day.Year, 1, 1) : day, r.Symbol);
            if (!groups.TryGetValue(key, out var list))
                groups[key] = list = [];
            list.Add(r);
        }
        var partitions = manifest.Partitions.ToDictionary(p => (p.Day, p.Symbol));
        string[] names = [.. symbols];
        long seed = manifest.Seed != 0 ? manifest.Seed : loaded.Seed;
        long written = 0;
        foreach (var ((day, symbol), list) in groups)
        {
            var records = list.ToArray();
            if (partitions.TryGetValue((day, symbol), out var existing))
                records = Merge(RecordFile.ReadAll(Path.Combine(directory, existing.File)).Records, records);
            var digest = new RecordStreamDigest();
            digest.Append(records);
            string period = yearly.Contains(names[symbol]) ? day.ToString("yyyy", CultureInfo.InvariantCulture) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string relative = $"{FolderOf(names[symbol], symbol)}/{period}-{digest.Value:x16}.qpsr";
            string path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            RecordFile.Write(path, names, seed, sink => sink(records));
            partitions[(day, symbol)] = new Partition(symbol, day, relative, records.Length, records[0].TimeNs, records[^1].TimeNs, digest.Value);
            written += list.Count;
            progress?.Invoke("records", written, loaded.Records.LongLength);
        }
        var updated = new CatalogManifest(names, [.. partitions.Values], [.. manifest.Imports, .. fresh.Select(f => new ImportedSource(Path.GetFileName(f.Path), f.Sha))], seed,
            [.. names.Where(yearly.Contains)]);
        updated.Write(directory);
        RemoveUnnamed(directory, updated);
        return new Result(files.Count, files.Count - fresh.Count, loaded.Records.LongLength, groups.Count, updated);
    }

    /// <summary>
    /// Imports a stream of records larger than memory, in stream order, for symbols the catalog does not have yet (a
    /// generated market): <paramref name="produce"/> hands over chunks, and each UTC day's partitions are written when
    /// the stream passes the day, so memory holds one day. <paramref name="source"/> names the stream (its SHA-256 is
    /// what makes importing it again a no-op).
    /// </summary>
    /// <exception cref="ArgumentException">The catalog already has one of the symbols, or the stream goes back in time.</exception>
    public static Result ImportStream(string directory, string source, IReadOnlyList<string> streamSymbols, long seed, Action<Action<ReadOnlySpan<Record>>> produce)
    {
        var manifest = CatalogManifest.Read(directory);
        string sha = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)));
        if (manifest.Imports.Any(i => i.Sha256 == sha))
            return new Result(1, 1, 0, 0, manifest);
        if (streamSymbols.FirstOrDefault(manifest.Symbols.Contains) is { } taken)
            throw new ArgumentException($"the catalog already has symbol '{taken}': a generated stream adds new symbols only");
        Directory.CreateDirectory(directory);
        string[] names = [.. manifest.Symbols, .. streamSymbols];
        ushort offset = (ushort)manifest.Symbols.Count;
        var partitions = manifest.Partitions.ToList();
        var day = new List<Record>[streamSymbols.Count];
        for (int i = 0; i < day.Length; i++)
            day[i] = [];
        DateOnly current = default;
        long records = 0, last = long.MinValue;
        void Flush()
        {
            for (int i = 0; i < day.Length; i++)
            {
                if (day[i].Count == 0)
                    continue;
                var list = day[i];
                var digest = new RecordStreamDigest();
                digest.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
                ushort id = (ushort)(offset + i);
                string relative = $"{FolderOf(names[id], id)}/{current.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{digest.Value:x16}.qpsr";
                string path = Path.Combine(directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                RecordFile.Write(path, names, seed, sink => sink(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list)));
                partitions.Add(new Partition(id, current, relative, list.Count, list[0].TimeNs, list[^1].TimeNs, digest.Value));
                list.Clear();
            }
        }
        produce(chunk =>
        {
            foreach (var record in chunk)
            {
                if (record.TimeNs < last)
                    throw new ArgumentException($"the stream goes back in time at record {records} ({record.TimeNs} after {last})");
                last = record.TimeNs;
                var d = DayOf(record.TimeNs);
                if (d != current && records > 0)
                    Flush();
                current = d;
                var r = record;
                r.Symbol = (ushort)(offset + r.Symbol);
                day[record.Symbol].Add(r);
                records++;
            }
        });
        Flush();
        var updated = new CatalogManifest(names, partitions, [.. manifest.Imports, new ImportedSource(source, sha)], manifest.Seed != 0 ? manifest.Seed : seed, manifest.YearlySymbols ?? []);
        updated.Write(directory);
        return new Result(1, 0, records, partitions.Count - manifest.Partitions.Count, updated);
    }

    /// <summary>Returns the UTC day of an event time.</summary>
    public static DateOnly DayOf(long timeNs) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Math.Floor(timeNs / 86_400e9));

    // One symbol's records: the stream order within a partition is (time, kind), then the existing records before the new.
    private static Record[] Merge(Record[] existing, Record[] added)
    {
        var merged = new Record[existing.Length + added.Length];
        int i = 0, j = 0, k = 0;
        while (i < existing.Length && j < added.Length)
        {
            var (a, b) = (existing[i], added[j]);
            bool takeExisting = a.TimeNs < b.TimeNs || (a.TimeNs == b.TimeNs && (byte)a.Kind <= (byte)b.Kind);
            merged[k++] = takeExisting ? existing[i++] : added[j++];
        }
        while (i < existing.Length)
            merged[k++] = existing[i++];
        while (j < added.Length)
            merged[k++] = added[j++];
        return merged;
    }

    // A folder name for a symbol: its name where the file system allows it, with its id so that two names that map to
    // the same folder stay apart.
    private static string FolderOf(string name, ushort id)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return $"{id:D4}-{(safe.Trim('.').Length == 0 ? "symbol" : safe)}";
    }

    private static void RemoveUnnamed(string directory, CatalogManifest manifest)
    {
        var named = manifest.Partitions.Select(p => Path.GetFullPath(Path.Combine(directory, p.File))).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.qpsr", SearchOption.AllDirectories))
        {
            if (!named.Contains(Path.GetFullPath(file)))
                File.Delete(file);
        }
    }

    // A source's identity: its bytes, and a Parquet file's sidecar mapping with them (another mapping is other data).
    private static string ContentHash(string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var stream = File.OpenRead(path))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0)
                sha.AppendData(buffer, 0, n);
        }
        string sidecar = ParquetMapping.SidecarOf(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && File.Exists(sidecar))
            sha.AppendData(File.ReadAllBytes(sidecar));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
