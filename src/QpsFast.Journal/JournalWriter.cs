using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>
/// Appends records to LZ4 segments (<see cref="JournalDescriptor"/>). Records are buffered up to one block
/// (1,024 records); a block is compressed into a data frame when it fills or at <see cref="Flush"/>; frames are
/// written with one write per flush. Segments roll by size and are sealed with a seek table; <see cref="Dispose"/>
/// seals the last one as the journal's end. The writer holds the journal's <see cref="JournalLock"/> for its whole
/// life. Used by one thread, the journal stage (and, with <see cref="JournalOptions.FlushInterval"/>, a flusher thread
/// that writes records left waiting too long, under a monitor). Appending and flushing allocate nothing; opening a
/// segment does.
/// </summary>
public sealed partial class JournalWriter : IDisposable
{
    private readonly JournalOptions _options;
    private readonly Record[] _pending = new Record[JournalDescriptor.MaxRecordsPerFrame];
    private readonly byte[] _out;
    private readonly SeekEntry[] _seek;
    // The seek-table frame is built here: allocated once, so a segment roll allocates only its new file.
    private readonly byte[] _sealBuffer;
    private readonly RecordStreamDigest _streamDigest = new();
    private readonly bool _continues;
    private int _pendingCount;
    private int _outLength;
    private int _frames;
    private FileStream? _file;
    private long _segmentBytes;
    private long _sinceFsync;
    private readonly BackgroundFsync? _fsync;
    private int _segmentNumber = -1;
    private long _nextSequence = -1;
    private long _previousLast = -1;
    private ulong _digestAtSegmentStart;
    private bool _disposed;
    private readonly JournalLock _lock;
    // With a flush interval: who owns the writer's state (Idle, the journal thread, or the flusher: claimed by CAS, once
    // per batch on the journal thread), the flusher's stop signal, the interval, and when the oldest buffered record
    // arrived.
    private const int Idle = 0, Journal = 1, Flusher = 2;
    private int _owner;
    private bool _inBatch;
    private readonly object? _gate;
    private readonly long _flushTicks;
    private long _pendingSinceTicks;
    private Thread? _flusher;
    private bool _stopFlusher;
    private Exception? _flusherFault;

    /// <summary>Creates the writer and takes the journal's lock; the first segment is opened on the first record.</summary>
    /// <exception cref="JournalLockedException">Another writer holds the journal.</exception>
    /// <exception cref="IOException">The folder already holds a journal of this stream.</exception>
    public JournalWriter(JournalOptions options)
        : this(options, null)
    {
    }

    /// <summary>
    /// Continues a journal whose segments are all sealed (<see cref="JournalContinuation.Prepare"/>), taking over the
    /// lock the continuation holds: the next record goes into a new segment that follows the last one, and the stream
    /// digest goes on from theirs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal already ended, or the continuation's lock was taken.</exception>
    public JournalWriter(JournalOptions options, JournalContinuation? from)
    {
        _options = options;
        System.IO.Directory.CreateDirectory(options.Directory);
        if (from is { Complete: true })
            throw new InvalidOperationException($"{options.Directory}: the journal already ended (its last seal is final); it cannot be continued");
        _lock = from?.TakeLock() ?? JournalLock.Acquire(options.Directory, options.Stream);
        if (from is null && System.IO.Directory.EnumerateFiles(options.Directory, options.Stream + "-*" + JournalDescriptor.SegmentExtension).Any())
        {
            _lock.Dispose();
            throw new IOException($"{options.Directory} already holds a '{options.Stream}' journal; choose a new folder or session");
        }
        // Room for a whole flush's frames: one frame per block plus headers; flushed early when it fills.
        _out = new byte[4 * Lz4Frames.MaxDataFrameSize(JournalDescriptor.MaxBlockBytes) + 1024 + System.Text.Encoding.UTF8.GetMaxByteCount(options.Configuration.Length)];
        _seek = new SeekEntry[options.MaxFramesPerSegment];
        _sealBuffer = new byte[SegmentSeal.BufferSize(options.MaxFramesPerSegment)];
        _fsync = options.Fsync == FsyncPolicy.Interval ? new BackgroundFsync($"fsync {options.Stream}") : null;
        if (from is not null)
        {
            _segmentNumber = from.Segments - 1;
            _previousLast = from.NextSequence - 1;
            _nextSequence = from.NextSequence;
            _streamDigest = from.Digest.Clone();
            _continues = true;
        }
        if (options.FlushInterval is { } interval)
        {
            _gate = new object();
            _flushTicks = (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            int stepMs = Math.Max(1, (int)(interval.TotalMilliseconds / 4));
            _flusher = new Thread(() => FlushLoop(stepMs)) { IsBackground = true, Name = "journal-flush" };
            _flusher.Start();
        }
    }

    /// <summary>Returns the number of records written (appended) so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Returns the bytes written to segment files so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Returns the number of segments opened.</summary>
    public int Segments => _segmentNumber + 1;

    /// <summary>Returns the XxHash64 of every record appended (and encoded) so far.</summary>
    public ulong StreamDigest => _streamDigest.Value;

    /// <summary>
    /// Returns statistics for the output stage that appends to this writer, whose digest is this writer's: the records
    /// are hashed once, as they are framed, not a second time on the same thread (<c>qps bench e2e</c>, performance/journal.md).
    /// Their digest is complete once the writer has flushed (after the engine has drained, or at its disposal). A writer
    /// that continues a journal gives statistics with a digest of their own: its own covers the earlier records too.
    /// </summary>
    public Engine.Pipeline.StreamStats NewStats() => _continues ? new() : new(_streamDigest);

    /// <summary>Appends records, which must continue the stream's sequence without a gap.</summary>
    /// <exception cref="InvalidDataException">A record's sequence does not follow the previous one.</exception>
    public void Append(ReadOnlySpan<Record> records)
    {
        if (_disposed)
            ThrowClosed();
        if (_gate is null || _inBatch)
        {
            AppendCore(records);
            return;
        }
        Claim();
        try
        {
            AppendCore(records);
        }
        finally
        {
            Volatile.Write(ref _owner, Idle);
        }
    }

    /// <summary>
    /// With a flush interval: the journal thread claims the writer for a batch of <see cref="Append"/> and
    /// <see cref="Flush"/> calls (one compare-and-swap; the flusher writes only while no batch holds it), until
    /// <see cref="EndBatch"/>. Without one: nothing.
    /// </summary>
    public void BeginBatch()
    {
        if (_gate is null || _inBatch)
            return;
        Claim();
        _inBatch = true;
    }

    /// <summary>Ends the batch <see cref="BeginBatch"/> began: the flusher may write again.</summary>
    public void EndBatch()
    {
        if (!_inBatch)
            return;
        _inBatch = false;
        Volatile.Write(ref _owner, Idle);
    }

    private void Claim()
    {
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _owner, Journal, Idle) != Idle)
            spin.SpinOnce(sleep1Threshold: -1); // the flusher holds it for one frame's encoding and write (and, at a roll or an fsync interval, their fsync); spinning yields the CPU to it
        ThrowIfFlusherFaulted();
    }

    private void AppendCore(ReadOnlySpan<Record> records)
    {
        while (!records.IsEmpty)
        {
            if (_pendingCount == 0 && _gate is not null)
                _pendingSinceTicks = System.Diagnostics.Stopwatch.GetTimestamp();
            int n = Math.Min(records.Length, _pending.Length - _pendingCount);
            for (int i = 0; i < n; i++)
            {
                long sequence = records[i].Sequence;
                if (_nextSequence >= 0 && sequence != _nextSequence)
                {
                    _pendingCount += i; // the records before the gap are kept, and counted, before the refusal
                    ThrowGap(sequence);
                }
                _nextSequence = sequence + 1;
                _pending[_pendingCount + i] = records[i];
            }
            _pendingCount += n;
            records = records[n..];
            if (_pendingCount == _pending.Length)
                EncodeFrame();
        }
    }

    private void ThrowClosed() =>
        throw new ObjectDisposedException(nameof(JournalWriter), $"journal {_options.Directory}: the writer was closed (ended or abandoned); nothing more is written");

    private void ThrowGap(long sequence) =>
        throw new InvalidDataException($"journal: record sequence {sequence} does not follow {_nextSequence - 1}; nothing may be dropped or reordered");

    /// <summary>
    /// Writes the encoded frames with one write. With <see cref="Framing.EndOfBatch"/> the buffered records are first
    /// encoded into a frame of their own; with <see cref="Framing.Deterministic"/> they wait for their frame to fill,
    /// or, with a <see cref="JournalOptions.FlushInterval"/>, until the oldest of them has waited that long.
    /// </summary>
    public void Flush()
    {
        if (_disposed)
            ThrowClosed();
        if (_gate is null || _inBatch)
        {
            FlushCore();
            return;
        }
        Claim();
        try
        {
            FlushCore();
        }
        finally
        {
            Volatile.Write(ref _owner, Idle);
        }
    }

    private void FlushCore()
    {
        if (_pendingCount > 0 && (_options.Framing == Framing.EndOfBatch || (_gate is not null && Aged())))
            EncodeFrame();
        WriteOut();
    }

    private bool Aged() => System.Diagnostics.Stopwatch.GetTimestamp() - _pendingSinceTicks >= _flushTicks;

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
            Seal(final: false);
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
        if (_options.Fsync == FsyncPolicy.EveryFlush)
        {
            _file.Flush(flushToDisk: true);
            _sinceFsync = 0;
        }
        else if (_fsync is not null && _sinceFsync >= _options.FsyncIntervalBytes)
        {
            _fsync.Request(_file.SafeFileHandle);
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
        var payload = HeaderLayout.Write(_segmentNumber, firstSequence, _previousLast, _segmentNumber == 0 ? 0 : _digestAtSegmentStart, _options.MaxSegmentBytes, config);
        _outLength += Lz4Frames.WriteEmptyFrame(_out.AsSpan(_outLength));
        _outLength += Lz4Frames.WriteSkippableFrame(_out.AsSpan(_outLength), JournalDescriptor.HeaderMagic, payload);
    }

    private void Seal(bool final)
    {
        if (_file is null)
            return;
        long last = _nextSequence - 1 - _pendingCount;
        var frame = SegmentSeal.Write(_sealBuffer, _seek.AsSpan(0, _frames), last, _streamDigest.Value, final);
        _file.Write(frame);
        _segmentBytes += frame.Length;
        BytesWritten += frame.Length;
        if (!final && _fsync is not null)
        {
            _fsync.Request(_file.SafeFileHandle, closeAfter: _file); // a roll: fsynced and closed off this thread
        }
        else
        {
            _fsync?.WaitIdle();
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
        _file = null;
        _previousLast = last;
    }

    /// <summary>
    /// Ends the journal: encodes any buffered records, writes everything, seals the open segment as the journal's end
    /// (final), closes it and releases the lock. If the last segment was already sealed by a roll, an empty final
    /// segment follows it, so the end is always recorded.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        StopFlusher();
        _disposed = true;
        try
        {
            ThrowIfFlusherFaulted();
            if (_pendingCount > 0)
                EncodeFrame();
            if (_file is null && _segmentNumber >= 0)
                OpenSegment(_nextSequence);
            WriteOut();
            Seal(final: true);
        }
        finally
        {
            _fsync?.Dispose();
            _file?.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>
    /// Stops without ending the journal, as a crash would (a faulted session): the frames already encoded are written,
    /// buffered records are not, the open segment stays unsealed for repair, and the lock is released.
    /// </summary>
    public void Abandon()
    {
        if (_disposed)
            return;
        StopFlusher();
        _disposed = true;
        // With a flush interval the journal thread claims the writer per batch: wait (bounded) for a batch still
        // running to end. Without one, call this only once the pipeline has stopped.
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (_gate is not null && Interlocked.CompareExchange(ref _owner, Flusher, Idle) != Idle && wait.ElapsedMilliseconds < 2_000)
            Thread.Yield();
        try
        {
            WriteOut();
        }
        finally
        {
            _fsync?.Dispose();
            _file?.Dispose();
            _file = null;
            _lock.Dispose();
        }
    }
}
