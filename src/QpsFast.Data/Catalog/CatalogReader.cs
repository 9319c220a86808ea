using System.IO.MemoryMappedFiles;
using QpsFast.Data.Files;
using QpsFast.Engine.Records;

namespace QpsFast.Data.Catalog;

/// <summary>
/// Streams a catalog's records, or a selection of them (symbols, a time range), in the stream order of
/// <see cref="Readers.MarketDataMerger"/>: a k-way merge of the partitions by (event time, symbol id) (within a partition
/// the file's own order). Each partition is memory-mapped from the moment the merge reaches its first record until it
/// is read to the end, so memory is bounded by the partitions that overlap in time (a day of each symbol), not the data. The same data as a catalog or as its original files
/// (imported in one go, in the same order) gives the same records and the same journal.
/// </summary>
public sealed class CatalogReader
{
    private readonly string _directory;
    private readonly IReadOnlyList<Partition> _partitions;
    private readonly ushort[] _ids;
    private readonly long _from;
    private readonly long _to;

    private CatalogReader(string directory, CatalogManifest manifest, IReadOnlyList<Partition> partitions, ushort[] ids, string[] symbols, long from, long to)
    {
        _directory = directory;
        Manifest = manifest;
        _partitions = partitions;
        _ids = ids;
        Symbols = symbols;
        (_from, _to) = (from, to);
    }

    /// <summary>Returns the catalog's manifest.</summary>
    public CatalogManifest Manifest { get; }

    /// <summary>Returns the selected symbols, by their ids in the stream (their catalog order).</summary>
    public string[] Symbols { get; }

    /// <summary>Returns the records of the selected partitions (an upper bound when a time range clips them).</summary>
    public long Count => _partitions.Sum(p => p.Records);

    /// <summary>Returns the first selected record's time, or 0 when nothing is selected.</summary>
    public unsafe long FirstTimeNs
    {
        get
        {
            long first = long.MaxValue;
            foreach (var p in _partitions)
            {
                if (p.FirstNs >= _from)
                {
                    if (p.FirstNs < _to)
                        first = Math.Min(first, p.FirstNs);
                    continue;
                }
                var cursor = Cursor.Open(this, p); // the range starts inside this partition: find its first record in range
                if (cursor is not null)
                {
                    first = Math.Min(first, cursor.Time);
                    cursor.Dispose();
                }
            }
            return first == long.MaxValue ? 0 : first;
        }
    }

    /// <summary>
    /// Opens the catalog in <paramref name="directory"/>, selecting <paramref name="symbols"/> (all when empty) and the
    /// records with <paramref name="fromNs"/> ≤ time &lt; <paramref name="toNs"/>. Selected symbols get ids 0, 1, … in
    /// the catalog's order.
    /// </summary>
    /// <exception cref="InvalidDataException">No catalog there, or a damaged manifest.</exception>
    /// <exception cref="ArgumentException">A symbol the catalog does not have.</exception>
    public static CatalogReader Open(string directory, IReadOnlyCollection<string> symbols, long fromNs = long.MinValue, long toNs = long.MaxValue)
    {
        if (!File.Exists(Path.Combine(directory, CatalogManifest.FileName)))
            throw new InvalidDataException($"{directory}: not a catalog (no {CatalogManifest.FileName}; qps import SOURCE… --catalog {directory} makes one)");
        var manifest = CatalogManifest.Read(directory);
        if (symbols.FirstOrDefault(s => !manifest.Symbols.Contains(s)) is { } missing)
            throw new ArgumentException($"the catalog has no symbol '{missing}' (it has: {string.Join(", ", manifest.Symbols)})");
        var ids = new ushort[manifest.Symbols.Count];
        Array.Fill(ids, ushort.MaxValue);
        var selected = new List<string>();
        for (int i = 0; i < manifest.Symbols.Count; i++)
        {
            if (symbols.Count == 0 || symbols.Contains(manifest.Symbols[i]))
            {
                ids[i] = (ushort)selected.Count;
                selected.Add(manifest.Symbols[i]);
            }
        }
        var partitions = manifest.Partitions.Where(p => ids[p.Symbol] != ushort.MaxValue && p.LastNs >= fromNs && p.FirstNs < toNs).OrderBy(p => p.Day).ThenBy(p => p.Symbol).ToArray();
        return new CatalogReader(directory, manifest, partitions, ids, [.. selected], fromNs, toNs);
    }

    /// <summary>
    /// Streams the selected records to <paramref name="sink"/> in chunks of at most <paramref name="chunk"/>: a k-way
    /// merge by (time, symbol id) over the partitions whose time has come, each mapped when the merge reaches its first
    /// record and unmapped when it is read to the end.
    /// </summary>
    /// <exception cref="InvalidDataException">A partition file is missing, or its length or magic disagrees with the manifest.</exception>
    public void Read(Action<ReadOnlySpan<Record>> sink, int chunk = 16_384)
    {
        var buffer = new Record[chunk];
        int filled = 0;
        var pending = _partitions.OrderBy(p => p.FirstNs).ThenBy(p => _ids[p.Symbol]).ToArray();
        int nextPending = 0;
        var open = new List<Cursor>();
        try
        {
            while (true)
            {
                int best = -1;
                long bestTime = long.MaxValue;
                for (int c = 0; c < open.Count; c++)
                {
                    long t = open[c].Time;
                    if (t < bestTime || (t == bestTime && open[c].Id < open[best].Id))
                        (best, bestTime) = (c, t);
                }
                // Open every partition that starts no later than the earliest record now open (ties go by symbol id).
                if (nextPending < pending.Length && pending[nextPending].FirstNs <= bestTime)
                {
                    if (Cursor.Open(this, pending[nextPending++]) is { } cursor)
                        open.Add(cursor);
                    continue;
                }
                if (best < 0)
                    break;
                var current = open[best];
                buffer[filled++] = current.Take();
                if (filled == chunk)
                {
                    sink(buffer);
                    filled = 0;
                }
                if (current.Done)
                {
                    current.Dispose();
                    open.RemoveAt(best);
                }
            }
        }
        finally
        {
            foreach (var c in open)
                c.Dispose();
        }
        if (filled > 0)
            sink(buffer.AsSpan(0, filled));
    }

    /// <summary>A mapped partition being read: its records in range, the next one, and the id its symbol gets.</summary>
    private sealed unsafe class Cursor : IDisposable
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;
        private readonly Record* _records;
        private long _next;
        private readonly long _end;

        private Cursor(MemoryMappedFile map, MemoryMappedViewAccessor view, Record* records, long next, long end, ushort id)
        {
            _map = map;
            _view = view;
            _records = records;
            _next = next;
            _end = end;
            Id = id;
        }

        public ushort Id { get; }

        public long Time => _records[_next].TimeNs;

        public bool Done => _next == _end;

        public Record Take()
        {
            var r = _records[_next++];
            r.Symbol = Id;
            return r;
        }

        public static Cursor? Open(CatalogReader reader, Partition p)
        {
            var (map, view, records, count) = reader.Map(p);
            var span = new ReadOnlySpan<Record>((void*)records, checked((int)count));
            long start = LowerBound(span, reader._from), end = LowerBound(span, reader._to);
            var cursor = new Cursor(map, view, (Record*)records, start, end, reader._ids[p.Symbol]);
            if (start < end)
                return cursor;
            cursor.Dispose();
            return null;
        }

        public void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }

    private unsafe (MemoryMappedFile Map, MemoryMappedViewAccessor View, IntPtr Records, long Count) Map(Partition p)
    {
        string path = Path.Combine(_directory, p.File);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: a partition the catalog names is missing");
        long length = new FileInfo(path).Length;
        if (length < RecordFileDescriptor.HeaderSize)
            throw new InvalidDataException($"{path}: {length} bytes, shorter than a record file's header");
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        var header = new ReadOnlySpan<byte>(pointer + view.PointerOffset, RecordFileDescriptor.HeaderSize);
        // The file's own symbol table sets where its records start: a partition written before later imports added
        // symbols has a shorter table than the manifest.
        long offset = RecordFileDescriptor.RecordsOffset((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[RecordFileDescriptor.SymbolsOffset..]));
        string? problem = !header[..8].SequenceEqual(RecordFileDescriptor.Magic) ? "offset 0: not a QpsFast record file (bad magic)"
            : length != offset + p.Records * RecordDescriptor.Size ? $"{length} bytes, but the catalog says {p.Records} records after offset {offset} ({offset + p.Records * RecordDescriptor.Size} bytes)"
            : null;
        if (problem is null)
        {
            // Every record is checked against its file's digest and the catalog's before any is handed over: a damaged
            // partition stops the read, never streams changed records.
            var check = new RecordStreamDigest();
            check.Append(new ReadOnlySpan<Record>(pointer + view.PointerOffset + offset, checked((int)p.Records)));
            ulong recorded = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(header[RecordFileDescriptor.DigestOffset..]);
            if (check.Value != recorded || check.Value != p.Digest)
                problem = $"offset {offset}: the records hash to {check.Value:x16}, but the file's header records {recorded:x16} and the catalog {p.Digest:x16}: the partition is damaged";
        }
        if (problem is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            map.Dispose();
            throw new InvalidDataException($"{path}: {problem}");
        }
        return (map, view, (IntPtr)(pointer + view.PointerOffset + offset), p.Records);
    }

    private static long LowerBound(ReadOnlySpan<Record> records, long timeNs)
    {
        int lo = 0, hi = records.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (records[mid].TimeNs < timeNs) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
