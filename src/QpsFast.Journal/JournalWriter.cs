using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>
/// Appends records to LZ4 segments (<see cref="JournalDescriptor"/>). Records are buffered up to one block
/// (1,024 records); a block is compressed into a data frame when it fills or at <see cref="Flush"/>; frames are
/// written with one write per flush. Segments roll by size and are sealed with a seek table. Used by one thread: the
/// journal stage. Appending and flushing allocate nothing; opening a segment does.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly JournalOptions _options;
    private readonly Record[] _pending = new Record[JournalDescriptor.MaxRecordsPerFrame];
    private readonly byte[] _out;
    private readonly SeekEntry[] _seek;
    // The seek-table frame is built here: allocated once, so a segment roll allocates only its new file.
    private readonly byte[] _sealBuffer;
    private RecordStreamDigest _streamDigest = new();
    private int _pendingCount;
    private int _outLength;
    private int _frames;
    private FileStream? _file;
    private long _segmentBytes;
    private long _sinceFsync;
    private int _segmentNumber = -1;
    private long _nextSequence = -1;
    private long _previousLast = -1;
    private ulong _digestAtSegmentStart;
    private bool _disposed;

    /// <summary>Creates the writer; the first segment is opened on the first record.</summary>
    public JournalWriter(JournalOptions options)
        : this(options, skipEmptyCheck: false)
    {
    }

    private JournalWriter(JournalOptions options, bool skipEmptyCheck)
    {
        _options = options;
        System.IO.Directory.CreateDirectory(options.Directory);
        if (!skipEmptyCheck && System.IO.Directory.EnumerateFiles(options.Directory, options.Stream + "-*" + JournalDescriptor.SegmentExtension).Any())
            throw new IOException($"{options.Directory} already holds a '{options.Stream}' journal; choose a new folder or session");
        // Room for a whole flush's frames: one frame per block plus headers; flushed early when it fills.
        _out = new byte[4 * Lz4Frames.MaxDataFrameSize(JournalDescriptor.MaxBlockBytes) + 1024 + System.Text.Encoding.UTF8.GetMaxByteCount(options.Configuration.Length)];
        _seek = new SeekEntry[options.MaxFramesPerSegment];
        _sealBuffer = new byte[SegmentSeal.BufferSize(options.MaxFramesPerSegment)];
    }

    /// <summary>
    /// Continues a journal whose segments are all sealed (<see cref="JournalContinuation.Prepare"/>): the next record
    /// goes into a new segment that follows the last one, and the stream digest goes on from theirs.
    /// </summary>
    public JournalWriter(JournalOptions options, JournalContinuation from)
        : this(options, skipEmptyCheck: true)
    {
        _segmentNumber = from.Segments - 1;
        _previousLast = from.NextSequence - 1;
        _nextSequence = from.NextSequence;
        _streamDigest = from.Digest.Clone();
    }

    /// <summary>Returns the number of records written (appended) so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Returns the bytes written to segment files so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Returns the number of segments opened.</summary>
    public int Segments => _segmentNumber + 1;

    /// <summary>Returns the XxHash64 of every record appended (and encoded) so far.</summary>
    public ulong StreamDigest => _streamDigest.Value;

    /// <summary>Appends records, which must continue the stream's sequence without a gap.</summary>
    /// <exception cref="InvalidDataException">A record's sequence does not follow the previous one.</exception>
    public void Append(ReadOnlySpan<Record> records)
    {
        while (!records.IsEmpty)
        {
            int n = Math.Min(records.Length, _pending.Length - _pendingCount);
            for (int i = 0; i < n; i++)
            {
                long sequence = records[i].Sequence;
                if (_nextSequence >= 0 && sequence != _nextSequence)
                    ThrowGap(sequence);
                _nextSequence = sequence + 1;
                _pending[_pendingCount + i] = records[i];
            }
            _pendingCount += n;
            records = records[n..];
            if (_pendingCount == _pending.Length)
                EncodeFrame();
        }
    }

    private void ThrowGap(long sequence) =>
        throw new InvalidDataException($"journal: record sequence {sequence} does not follow {_nextSequence - 1}; nothing may be dropped or reordered");

    /// <summary>
    /// Writes the encoded frames with one write. With <see cref="Framing.EndOfBatch"/> the buffered records are first
    /// encoded into a frame of their own; with <see cref="Framing.Deterministic"/> they wait for their frame to fill.
    /// </summary>
    public void Flush()
    {
        if (_pendingCount > 0 && _options.Framing == Framing.EndOfBatch)
            EncodeFrame();
        WriteOut();
    }

    private void EncodeFrame()
    {
        if (_file is null)
            OpenSegment(_pending[0].Sequence);
        if (_out.Length - _outLength < Lz4Frames.MaxDataFrameSize(JournalDescriptor.MaxBlockBytes))
            WriteOut();
        var raw = MemoryMarshal.AsBytes(_pending.AsSpan(0, _pendingCount));
        _seek[_frames++] = new SeekEntry(_segmentBytes + _outLength, _pending[0].Sequence, _pending[0].TimeNs, _pendingCount);
        _outLength += Lz4Frames.WriteDataFrame(_out.AsSpan(_outLength), raw);
        _streamDigest.Append(_pending.AsSpan(0, _pendingCount));
        RecordsWritten += _pendingCount;
        _pendingCount = 0;
        if (_segmentBytes + _outLength >= _options.MaxSegmentBytes || _frames == _seek.Length)
        {
            WriteOut();
            Seal();
        }
    }

    private void WriteOut()
    {
        if (_outLength == 0 || _file is null)
            return;
        _file.Write(_out, 0, _outLength);
        _segmentBytes += _outLength;
        BytesWritten += _outLength;
        _sinceFsync += _outLength;
        _outLength = 0;
        if (_options.Fsync == FsyncPolicy.EveryFlush || (_options.Fsync == FsyncPolicy.Interval && _sinceFsync >= _options.FsyncIntervalBytes))
        {
            _file.Flush(flushToDisk: true);
            _sinceFsync = 0;
        }
    }

    private void OpenSegment(long firstSequence)
    {
        _segmentNumber++;
        var path = Path.Combine(_options.Directory, JournalDescriptor.SegmentFileName(_options.Stream, firstSequence));
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _segmentBytes = 0;
        _frames = 0;
        _digestAtSegmentStart = _streamDigest.Value;
        var config = _segmentNumber == 0 ? System.Text.Encoding.UTF8.GetBytes(_options.Configuration) : [];
        var payload = new byte[JournalDescriptor.HeaderFixedSize + config.Length];
        JournalDescriptor.HeaderPayloadMagic.CopyTo(payload);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), JournalDescriptor.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(6), RecordDescriptor.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(8), JournalDescriptor.SchemaHash);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(16), (uint)_segmentNumber);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(24), firstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(32), _previousLast);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(40), _segmentNumber == 0 ? 0 : _digestAtSegmentStart);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(48), _options.MaxSegmentBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(56), (uint)config.Length);
        config.CopyTo(payload, JournalDescriptor.HeaderFixedSize);
        _outLength += Lz4Frames.WriteEmptyFrame(_out.AsSpan(_outLength));
        _outLength += Lz4Frames.WriteSkippableFrame(_out.AsSpan(_outLength), JournalDescriptor.HeaderMagic, payload);
    }

    private void Seal()
    {
        if (_file is null)
            return;
        long last = _nextSequence - 1 - _pendingCount;
        var frame = SegmentSeal.Write(_sealBuffer, _seek.AsSpan(0, _frames), last, _streamDigest.Value);
        _file.Write(frame);
        _segmentBytes += frame.Length;
        BytesWritten += frame.Length;
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
        _previousLast = last;
    }

    /// <summary>Encodes any buffered records, writes everything, seals the open segment and closes it.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_pendingCount > 0)
            EncodeFrame();
        WriteOut();
        Seal();
    }
}
