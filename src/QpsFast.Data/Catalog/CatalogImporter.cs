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
    public static Result Import(string directory, IReadOnlyList<string> paths) => Import(directory, paths, (Action<long, long, long>?)null);

    /// <summary>
    /// <see cref="Import(string, IReadOnlyList{string})"/>, reporting <c>(files read, files to read, records written)</c>
    /// after each unit.
    /// </summary>
    /// <remarks>
    /// The sources are read and written a unit at a time (<see cref="MarketDataLoader.Units"/>: a file, or the Binance
    /// depth files together), in the order <see cref="MarketDataLoader.Load"/> merges them, so memory holds one
    /// unit and the partitions it touches, not every source; the result is the catalog an import of all of them at
    /// once would give. The manifest is written only after the last unit: a bad row anywhere deletes the files this
    /// import wrote and leaves the catalog as it was.
    /// </remarks>
    public static Result Import(string directory, IReadOnlyList<string> paths, Action<long, long, long>? progress)
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
        var state = new UnitWriter(directory, manifest);
        long records = 0, done = 0;
        progress?.Invoke(0, fresh.Count, 0);
        try
        {
            foreach (var unit in MarketDataLoader.Units([.. fresh.Select(f => f.Path)]))
            {
                records += state.Write(MarketDataLoader.Load(unit), string.Join(", ", unit));
                done += unit.Count;
                progress?.Invoke(done, fresh.Count, records);
            }
        }
        catch
        {
            state.DeleteWritten();
            throw;
        }
        var updated = new CatalogManifest([.. state.Symbols], [.. state.Partitions.Values], [.. manifest.Imports, .. fresh.Select(f => new ImportedSource(Path.GetFileName(f.Path), f.Sha))], state.Seed,
            [.. state.Symbols.Where(state.Yearly.Contains)]);
        Directory.CreateDirectory(directory); // made only now when no partition was written
        updated.Write(directory);
        RemoveUnnamed(directory, updated);
        return new Result(files.Count, files.Count - fresh.Count, records, state.Partitions.Count(p => state.Touched.Contains(p.Key)), updated);
    }

    // The partitions of an import in progress: each unit's records are grouped by (day, symbol) and merged into them.
    private sealed class UnitWriter(string directory, CatalogManifest manifest)
    {
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);
        private readonly List<string> _madeFolders = []; // folders this import made, innermost last
        private readonly HashSet<string> _before = manifest.Partitions.Select(p => p.File).ToHashSet(StringComparer.Ordinal);

        public List<string> Symbols { get; } = [.. manifest.Symbols];
        public HashSet<string> Yearly { get; } = (manifest.YearlySymbols ?? []).ToHashSet(StringComparer.Ordinal);
        public SortedDictionary<(DateOnly Day, ushort Symbol), Partition> Partitions { get; } = new(manifest.Partitions.ToDictionary(p => (p.Day, p.Symbol)));
        public HashSet<(DateOnly, ushort)> Touched { get; } = [];
        public long Seed { get; private set; } = manifest.Seed;

        public long Write(MarketDataLoader.LoadedData loaded, string sources)
        {
            var map = new ushort[loaded.Symbols.Length];
            var knownBefore = Symbols.ToHashSet(StringComparer.Ordinal);
            for (int i = 0; i < map.Length; i++)
            {
                int id = Symbols.IndexOf(loaded.Symbols[i]);
                if (id < 0)
                {
                    if (System.Text.Encoding.UTF8.GetByteCount(loaded.Symbols[i]) > RecordFileDescriptor.SymbolNameSize)
                        throw new InvalidDataException($"{sources}: symbol '{loaded.Symbols[i]}' is longer than the catalog's {RecordFileDescriptor.SymbolNameSize} bytes (a symbol comes from the data's symbol column, else from the file's name)");
                    id = Symbols.Count;
                    Symbols.Add(loaded.Symbols[i]);
                }
                map[i] = (ushort)id;
            }
            // A symbol first imported with only daily (or longer) bars is partitioned by year: a file a day would hold one record.
            for (int i = 0; i < loaded.Symbols.Length; i++)
            {
                if (!knownBefore.Contains(loaded.Symbols[i]) && loaded.Records.Where(r => r.Symbol == i).All(r => r.Kind == RecordKind.Bar && r.Aux >= 1440))
                    Yearly.Add(loaded.Symbols[i]);
            }
            if (manifest.Seed == 0 && loaded.Seed != 0)
                Seed = loaded.Seed; // as Load: the last record file's seed, unless the catalog has one
            var all = loaded.Records;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].Symbol >= map.Length)
                    throw new InvalidDataException($"a record of {sources} has no symbol (id {all[i].Symbol}); market data records belong to a symbol");
                all[i].Symbol = map[all[i].Symbol];
            }
            // (period, symbol) → pieces of the unit's records. The records are in time order, so a day is one range of
            // them; a range of one symbol (the usual case) is written as it is, without a copy.
            var groups = new SortedDictionary<(DateOnly Day, ushort Symbol), List<ArraySegment<Record>>>();
            void Add(DateOnly day, ushort symbol, ArraySegment<Record> piece)
            {
                var key = (Yearly.Contains(Symbols[symbol]) ? new DateOnly(day.Year, 1, 1) : day, symbol);
                if (!groups.TryGetValue(key, out var pieces))
                    groups[key] = pieces = [];
                pieces.Add(piece);
            }
            for (int start = 0, end; start < all.Length; start = end)
            {
                var day = DayOf(all[start].TimeNs);
                bool one = true;
                for (end = start + 1; end < all.Length && DayOf(all[end].TimeNs) == day; end++)
                    one &= all[end].Symbol == all[start].Symbol;
                if (one)
                {
                    Add(day, all[start].Symbol, new ArraySegment<Record>(all, start, end - start));
                    continue;
                }
                foreach (var bySymbol in all[start..end].GroupBy(r => r.Symbol).OrderBy(g => g.Key))
                    Add(day, bySymbol.Key, bySymbol.ToArray());
            }
            string[] names = [.. Symbols];
            foreach (var ((day, symbol), pieces) in groups)
            {
                ArraySegment<Record> records = pieces.Count == 1 ? pieces[0] : pieces.SelectMany(p => p).ToArray();
                if (Partitions.TryGetValue((day, symbol), out var existing))
                    records = Merge(RecordFile.ReadAll(Path.Combine(directory, existing.File)).Records, records);
                var digest = new RecordStreamDigest();
                digest.Append(records);
                string period = Yearly.Contains(names[symbol]) ? day.ToString("yyyy", CultureInfo.InvariantCulture) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                string relative = $"{FolderOf(names[symbol], symbol)}/{period}-{digest.Value:x16}.qpsr";
                string path = Path.Combine(directory, relative);
                foreach (var folder in new[] { directory, Path.GetDirectoryName(path)! }.Where(f => !Directory.Exists(f)))
                {
                    Directory.CreateDirectory(folder);
                    _madeFolders.Add(folder);
                }
                RecordFile.Write(path, names, Seed, sink => sink(records));
                _written.Add(relative);
                Partitions[(day, symbol)] = new Partition(symbol, day, relative, records.Count, records[0].TimeNs, records[^1].TimeNs, digest.Value);
                Touched.Add((day, symbol));
            }
            return loaded.Records.LongLength;
        }

        // An import that failed: its files and the folders it made go, the catalog's stay.
        public void DeleteWritten()
        {
            foreach (var relative in _written.Where(f => !_before.Contains(f)))
                File.Delete(Path.Combine(directory, relative));
            for (int i = _madeFolders.Count - 1; i >= 0; i--)
            {
                if (Directory.Exists(_madeFolders[i]) && !Directory.EnumerateFileSystemEntries(_madeFolders[i]).Any())
                    Directory.Delete(_madeFolders[i]);
            }
        }
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
    public static DateOnly DayOf(long timeNs) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Math.DivRem(timeNs, 86_400_000_000_000).Quotient
        - (timeNs % 86_400_000_000_000 < 0 ? 1 : 0)); // integer floor: a double put the last ~128 ns of a day in the next

    // One symbol's records: the stream order within a partition is (time, kind), then the existing records before the new.
    private static Record[] Merge(Record[] existing, ArraySegment<Record> added)
    {
        var merged = new Record[existing.Length + added.Count];
        int i = 0, j = 0, k = 0;
        while (i < existing.Length && j < added.Count)
        {
            var (a, b) = (existing[i], added[j]);
            bool takeExisting = a.TimeNs < b.TimeNs || (a.TimeNs == b.TimeNs && (byte)a.Kind <= (byte)b.Kind);
            merged[k++] = takeExisting ? existing[i++] : added[j++];
        }
        while (i < existing.Length)
            merged[k++] = existing[i++];
        while (j < added.Count)
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
