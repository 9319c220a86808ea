using System.Runtime.InteropServices;
using System.IO.MemoryMappedFiles;
using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>
/// Reads a journal: memory-maps each segment in turn (its header, seal and any damaged or torn frame are read from the
/// map; its data frames are copied through a reused 1 MiB <see cref="FrameWindow"/>), decodes one frame at a time into a
/// reused 64 KiB buffer, checks
/// every checksum and that sequences run without a gap within and across segments, and hands the records to the
/// caller as <see cref="ReadOnlySpan{T}"/> of <see cref="Record"/>. Allocates nothing per record.
/// </summary>
/// <remarks>
/// Corruption inside a sealed segment, a header problem, or a gap between segments throws
/// <see cref="JournalCorruptException"/>. A torn or corrupt tail of the last, unsealed segment (a crash mid-write) is
/// not an exception: reading stops at the last good frame and <see cref="TornTail"/> says where.
/// </remarks>
public sealed unsafe partial class JournalReader
{
    private readonly byte[] _decoded = new byte[JournalDescriptor.MaxBlockBytes];

    private readonly string _stream;

    private JournalReader(string directory, string stream, string[] segments)
    {
        _stream = stream;
        Directory = directory;
        SegmentPaths = segments;
    }

    /// <summary>Returns the journal folder.</summary>
    public string Directory { get; }

    /// <summary>Returns the segment files, in order.</summary>
    public IReadOnlyList<string> SegmentPaths { get; }

    /// <summary>Returns the configuration recorded in the first segment (after a read).</summary>
    public string Configuration { get; private set; } = "";

    /// <summary>Returns where the torn tail starts, if the last segment has one (after a read).</summary>
    public TornTail? TornTail { get; private set; }

    /// <summary>Returns how many records were read.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Returns the sequence of the last record read (−1 if none).</summary>
    public long LastSequence { get; private set; } = -1;

    /// <summary>Returns the number of sealed segments seen.</summary>
    public int SealedSegments { get; private set; }

    /// <summary>
    /// Returns whether the journal ends where its writer ended it (after a whole read): its last segment carries the
    /// final seal. A journal cut short (a crash, a torn tail, a lost or deleted last segment) is not complete.
    /// </summary>
    public bool Complete { get; private set; }

    /// <summary>Returns why the journal is not complete (after a read), or null when it is.</summary>
    public string? EndProblem { get; private set; }

    /// <summary>Returns a summary of each segment read.</summary>
    public IReadOnlyList<SegmentSummary> Summaries => _summaries;

    private readonly List<SegmentSummary> _summaries = [];
    private readonly RecordStreamDigest _digest = new();
    private readonly List<SeekEntry> _openFrames = [];

    /// <summary>The frames of the last segment when it is not sealed (to seal it: a resumed session).</summary>
    internal IReadOnlyList<SeekEntry> OpenSegmentFrames => _openFrames;

    /// <summary>Returns a copy of the stream digest's state after the records read (to continue it: a resumed session).</summary>
    internal RecordStreamDigest DigestState() => _digest.Clone();
    private bool _digesting;

    /// <summary>
    /// Returns the XxHash64 of every record of the last whole-journal <see cref="Read"/>: the stream digest that the
    /// writer records in each header and seal, and that reading checks against them. Null after a read that started
    /// elsewhere (a seek): the digest needs the stream from its first record.
    /// </summary>
    public ulong? StreamDigest => _digesting ? _digest.Value : null;

    /// <summary>Returns the compressed bytes read.</summary>
    public long Bytes { get; private set; }

    /// <summary>Opens the journal of <paramref name="stream"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">It holds no segment.</exception>
    public static JournalReader Open(string directory, string stream = "records")
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such journal folder");
        var segments = System.IO.Directory.GetFiles(directory, stream + "-*" + JournalDescriptor.SegmentExtension)
            .Order(StringComparer.Ordinal).ToArray();
        if (segments.Length == 0)
            throw new FileNotFoundException($"{directory}: no '{stream}' journal segments (the session stopped before its first frame was written, or its segments were removed)", directory);
        return new JournalReader(directory, stream, segments);
    }

    /// <summary>Returns the configuration recorded in the first segment's header, without reading any record.</summary>
    /// <exception cref="JournalCorruptException">The first segment's header is damaged.</exception>
    public string ReadConfiguration() => ReadFirstHeader().Configuration;

    /// <summary>Returns the first segment's header.</summary>
    /// <exception cref="JournalCorruptException">The header is damaged.</exception>
    public SegmentHeader ReadFirstHeader()
    {
        string path = SegmentPaths[0];
        using var file = File.OpenRead(path);
        // The empty frame and the header frame's magic and size come first; then read just the header frame.
        int prefix = JournalDescriptor.EmptyFrameSize + 8;
        var head = new byte[(int)Math.Min(file.Length, prefix)];
        file.ReadExactly(head);
        if (head.Length == prefix)
        {
            uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(prefix - 4));
            long total = Math.Min(file.Length, prefix + (long)size); // a bad size is reported by ParseHeader
            if (total > prefix)
            {
                Array.Resize(ref head, (int)Math.Min(total, int.MaxValue));
                file.ReadExactly(head.AsSpan(prefix));
            }
        }
        return FrameParser.ParseHeader(path, head);
    }

    /// <summary>The callback of <see cref="Read"/>: one frame's records.</summary>
    public delegate void FrameHandler(ReadOnlySpan<Record> records);

    /// <summary>Reads every record in order, calling <paramref name="onFrame"/> once per frame.</summary>
    /// <exception cref="JournalCorruptException">Corruption that is not a torn tail.</exception>
    public void Read(FrameHandler onFrame) => Walk(0, -1, onFrame);

    private int _startSegment;
    private long _startOffset = -1;
    private JournalPosition _next;
    private long _budget = long.MaxValue;
    private long _startLastSequence = -1;

    private void Walk(int startSegment, long startOffset, FrameHandler onFrame)
    {
        RecordCount = 0;
        LastSequence = _startLastSequence;
        _summaries.Clear();
        SealedSegments = 0;
        TornTail = null;
        Complete = false;
        EndProblem = null;
        _lastFinal = false;
        BudgetReached = false;
        Bytes = 0;
        _startSegment = startSegment;
        _startOffset = startOffset;
        _digesting = startSegment == 0 && startOffset < 0;
        _digest.Reset();
        _openFrames.Clear();
        try
        {
            for (int s = startSegment; s < SegmentPaths.Count; s++)
            {
                bool last = s == SegmentPaths.Count - 1;
                long before = RecordCount;
                int sealedBefore = SealedSegments;
                try
                {
                    ReadSegment(SegmentPaths[s], s, last, onFrame);
                }
                finally
                {
                    _summaries.Add(new SegmentSummary(SegmentPaths[s], new FileInfo(SegmentPaths[s]).Length, RecordCount - before,
                        RecordCount > before ? LastSequence - (RecordCount - before) + 1 : -1, RecordCount > before ? LastSequence : -1, SealedSegments > sealedBefore));
                }
                if (TornTail is not null || BudgetReached)
                    break;
            }
        }
        finally
        {
            _window?.Return();
        }
        var lastPath = SegmentPaths[^1];
        if (BudgetReached)
            EndProblem = $"read stopped after {RecordCount:N0} records, as asked";
        else if (TornTail is { } torn)
            EndProblem = $"{Path.GetFileName(torn.Segment)} has a torn tail at offset {torn.Offset} ({torn.Problem}): the writer stopped mid-write";
        else if (SealedSegments < SegmentPaths.Count - startSegment)
            EndProblem = $"{Path.GetFileName(lastPath)} is not sealed: the writer stopped before ending the journal";
        else if (!_lastFinal)
            EndProblem = $"{Path.GetFileName(lastPath)} is sealed as continuing in {JournalDescriptor.SegmentFileName(_stream, LastSequence + 1)}, which is not there (deleted, or the writer stopped between segments)";
        Complete = EndProblem is null;
    }

    private bool _lastFinal;
    private FrameWindow? _window;

    /// <summary>Returns how many times a frame was parsed from the map rather than the window (tests: once a segment, its end).</summary>
    internal long FramesParsedFromMap { get; private set; }

    private void ReadSegment(string path, int index, bool isLast, FrameHandler onFrame)
    {
        long length = new FileInfo(path).Length;
        if (length == 0)
        {
            if (isLast)
            {
                TornTail = new TornTail(path, 0, LastSequence, "empty segment file");
                return;
            }
            throw new JournalCorruptException(path, 0, LastSequence, "empty segment in the middle of the journal");
        }
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            var bytes = new ReadOnlySpan<byte>(pointer + view.PointerOffset, checked((int)length));
            SegmentHeader header;
            try
            {
                header = FrameParser.ParseHeader(path, bytes);
            }
            catch (JournalCorruptException) when (isLast && index > 0 && length < HeaderLayout.BareSegmentHeaderBytes && !SealView.EndsWithSeal(bytes))
            {
                // A crash right after a roll can leave a next segment whose header is cut short (a whole header of a
                // segment after the first is shorter than this; a longer one with a bad header is damage, not a tear).
                TornTail = new TornTail(path, 0, LastSequence, "segment header is incomplete");
                return;
            }
            if (index == 0)
            {
                Configuration = header.Configuration;
            }
            else if ((index != _startSegment || (_startOffset < 0 && _startLastSequence >= 0)) && (header.PreviousLastSequence != LastSequence || header.FirstSequence != LastSequence + 1))
            {
                throw new JournalCorruptException(path, JournalDescriptor.EmptyFrameSize, LastSequence,
                    $"sequence gap between segments: this segment starts at {header.FirstSequence} after {header.PreviousLastSequence}, but the previous segment ended at {LastSequence}");
            }
            if (header.SegmentNumber != index)
                throw new JournalCorruptException(path, JournalDescriptor.EmptyFrameSize, LastSequence, $"segment number {header.SegmentNumber}, expected {index}");
            if (_digesting && index > 0 && header.PreviousDigest != _digest.Value)
            {
                throw new JournalCorruptException(path, JournalDescriptor.EmptyFrameSize, LastSequence,
                    $"stream digest: this segment's header records {header.PreviousDigest:x16} for the records before it, but they hash to {_digest.Value:x16} (a segment of another journal?)");
            }
            long dataEnd = SealedDataEnd(path, bytes, header.DataStart);
            bool isSealed = dataEnd >= 0;
            if (!isSealed && !isLast)
                throw new JournalCorruptException(path, length, LastSequence, "segment is not sealed but is not the last");
            var data = isSealed ? bytes[..(int)dataEnd] : bytes;
            long offset = index == _startSegment && _startOffset >= 0 ? _startOffset : header.DataStart;
            _next = new JournalPosition(index, offset, false, LastSequence);
            Bytes += length;
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var window = _window ??= new FrameWindow();
            window.Begin(file, data.Length);
            while (true)
            {
                // Data frames are parsed from the window; anything else (the end, a seal, a torn or damaged frame) again
                // from the map, whose bytes are the same, so what is found and reported does not depend on the window.
                var kind = FrameParser.Parse(window.At(offset, out long at), at, _decoded, out int frameLength, out int count, out string problem);
                if (kind != FrameParser.Kind.Data)
                {
                    kind = FrameParser.Parse(data, offset, _decoded, out frameLength, out count, out problem);
                    FramesParsedFromMap++;
                }
                if (kind == FrameParser.Kind.Data)
                {
                    var records = FrameParser.Records(_decoded, count);
                    long expected = RecordCount > 0 ? LastSequence + 1 : offset == header.DataStart ? header.FirstSequence : LastSequence >= 0 ? LastSequence + 1 : records[0].Sequence;
                    for (int i = 0; i < records.Length; i++)
                    {
                        if (records[i].Sequence != expected + i)
                        {
                            string gap = $"record sequence {records[i].Sequence} where {expected + i} was expected";
                            if (!isSealed)
                            {
                                TornTail = new TornTail(path, offset, LastSequence, gap);
                                return;
                            }
                            throw new JournalCorruptException(path, offset, LastSequence, gap + " (in a sealed segment)");
                        }
                    }
                    if (!isSealed)
                        _openFrames.Add(new SeekEntry(offset, records[0].Sequence, records[0].TimeNs, count));
                    RecordCount += count;
                    LastSequence = records[^1].Sequence;
                    if (_digesting)
                        _digest.Append(records);
                    onFrame(records);
                    offset += frameLength;
                    _next = new JournalPosition(index, offset, false, LastSequence);
                    if (RecordCount >= _budget)
                    {
                        BudgetReached = true;
                        return;
                    }
                    continue;
                }
                if (kind == FrameParser.Kind.End)
                {
                    if (isSealed)
                    {
                        CheckSeal(path, bytes, dataEnd);
                        SealedSegments++;
                        _next = new JournalPosition(index + 1, -1, _lastFinal, LastSequence);
                        if (_lastFinal && !isLast)
                            throw new JournalCorruptException(path, dataEnd, LastSequence, $"the seal marks the journal's end, but {Path.GetFileName(SegmentPaths[index + 1])} follows it (a segment of another journal?)");
                    }
                    return;
                }
                if (!isSealed && kind == FrameParser.Kind.SeekTable && SealMatches(bytes, offset))
                {
                    // A whole, matching seal with other bytes after it (appended after a clean end): the seal stands,
                    // and only what follows it is a torn tail.
                    SealedSegments++;
                    TornTail = new TornTail(path, offset + frameLength, LastSequence, $"{length - offset - frameLength} bytes after the segment's seal");
                    return;
                }
                if (!isSealed)
                {
                    // Only the last segment can be unsealed: this is the torn tail of an interrupted write.
                    TornTail = new TornTail(path, offset, LastSequence, problem);
                    return;
                }
                if (kind == FrameParser.Kind.SeekTable)
                    problem = "a seek table amid the data frames (a segment's bytes repeated or spliced?)";
                throw new JournalCorruptException(path, offset, LastSequence, problem + " (in a sealed segment)");
            }
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// Returns where a sealed segment's data frames end (the seek table's offset), or −1 if the segment is not sealed.
    /// A seal that is present but damaged is corruption.
    /// </summary>
    private long SealedDataEnd(string path, ReadOnlySpan<byte> bytes, long dataStart)
    {
        int n = bytes.Length;
        if (n < dataStart + SealView.FileTailBytes || !SealView.EndsWithSeal(bytes))
            return -1;
        long frameLength = SealView.FrameLengthOf(bytes);
        long start = n - frameLength;
        string problem = "its length points before the data";
        if (start < dataStart || FrameParser.Parse(bytes, start, _decoded, out int parsed, out _, out problem) != FrameParser.Kind.SeekTable || parsed != frameLength)
            throw new JournalCorruptException(path, Math.Max(start, dataStart), LastSequence, $"the seek table that seals this segment is damaged: {problem}");
        return start;
    }

    /// <summary>Returns whether the seal at <paramref name="sealStart"/> records the records read so far (and notes whether it is final).</summary>
    private bool SealMatches(ReadOnlySpan<byte> bytes, long sealStart)
    {
        var seal = new SealView(bytes[(int)(sealStart + 8)..(int)(sealStart + 8 + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(int)(sealStart + 4)..]) - 4)]);
        if (seal.LastSequence != LastSequence || (_digesting && seal.Digest != _digest.Value))
            return false;
        _lastFinal = seal.Final;
        return true;
    }

    /// <summary>Checks the seal's last sequence, and on a whole-journal read its stream digest, against the records read.</summary>
    private void CheckSeal(string path, ReadOnlySpan<byte> bytes, long sealStart)
    {
        var frame = bytes[(int)sealStart..];
        var seal = new SealView(frame[8..^4]);
        if (seal.LastSequence != LastSequence)
            throw new JournalCorruptException(path, sealStart, LastSequence, $"the seal records last sequence {seal.LastSequence}, but the segment's records end at {LastSequence}");
        if (_digesting && seal.Digest != _digest.Value)
            throw new JournalCorruptException(path, sealStart, LastSequence, $"stream digest: the seal records {seal.Digest:x16}, but the records up to here hash to {_digest.Value:x16}");
        _lastFinal = seal.Final;
    }
}

/// <summary>One segment as read: its file, size, records, sequence range, and whether it is sealed.</summary>
public sealed record SegmentSummary(string Path, long Bytes, long Records, long FirstSequence, long LastSequence, bool Sealed);

/// <summary>Where a journal's unsealed tail stops being valid.</summary>
/// <param name="Segment">The segment file.</param>
/// <param name="Offset">The byte offset of the first bad or incomplete frame: the length to truncate to.</param>
/// <param name="LastGoodSequence">The sequence of the last good record.</param>
/// <param name="Problem">What is wrong there.</param>
public sealed record TornTail(string Segment, long Offset, long LastGoodSequence, string Problem);
