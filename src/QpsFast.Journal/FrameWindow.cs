using Microsoft.Win32.SafeHandles;

namespace QpsFast.Journal;

/// <summary>
/// The reader's copy of a stretch of a segment's data frames, filled by <c>pread</c> into one reused buffer: what
/// the reader parses data frames from, while the segment's memory map serves the header, the seal and every frame
/// that is not an ordinary data frame.
/// </summary>
/// <remarks>
/// On this project's VM a first touch of a freshly mapped page costs microseconds (the hypervisor builds its own
/// mapping of it), and a reader meets every page of a segment for the first time. Copying the same bytes into a
/// buffer whose pages are already mapped is cheaper there: measured in performance/journal.md, "Reading data frames
/// through a window". The bytes are the same ones the map shows: the window never reads past the mapped length.
/// </remarks>
internal sealed class FrameWindow
{
    // A window holds whole frames: the largest data frame (one 64 KiB block, stored, with a content checksum) fits many
    // times over, and a refill starts at the frame the parser stopped at.
    private const int Size = 1 << 20;
    private const int LargestDataFrame = 11 + JournalDescriptor.MaxBlockBytes + 12;

    // Taken for one read (Begin to Return) from a process-wide spare: a process that reads journal after journal
    // (replays, a sweep's trials) reuses pages it has touched already instead of a new megabyte each time. Not the
    // shared ArrayPool: a buffer returned there on a short-lived thread (a replay's reader) stays in that thread's
    // cache and dies with it.
    private static byte[]? s_spare;
    private byte[]? _buffer;
    private SafeFileHandle? _file;
    private long _start;
    private int _length;
    private long _end;

    /// <summary>Starts on a segment whose data frames end at <paramref name="dataEnd"/> (no window is read yet).</summary>
    public void Begin(SafeFileHandle file, long dataEnd)
    {
        _buffer ??= Interlocked.Exchange(ref s_spare, null) ?? GC.AllocateUninitializedArray<byte>(Size);
        _file = file;
        _end = dataEnd;
        _start = 0;
        _length = 0;
    }

    /// <summary>
    /// Returns the window's bytes and the position of <paramref name="offset"/> in them, refilled from there first when
    /// the window does not hold a whole largest frame from it (or all that is left of the data).
    /// </summary>
    public ReadOnlySpan<byte> At(long offset, out long position)
    {
        long windowEnd = _start + _length;
        if (offset < _start || offset > windowEnd || (windowEnd - offset < LargestDataFrame && windowEnd < _end))
            Fill(offset);
        position = offset - _start;
        return _buffer!.AsSpan(0, _length);
    }

    /// <summary>Gives the buffer back to the pool (the end of a read; the next <see cref="Begin"/> rents one again).</summary>
    public void Return()
    {
        if (_buffer is { } buffer)
            Interlocked.CompareExchange(ref s_spare, buffer, null); // one spare is kept; another reader's goes to the GC
        _buffer = null;
        _length = 0;
        _start = 0;
    }

    private void Fill(long offset)
    {
        int want = (int)Math.Min(Size, _end - offset);
        int got = 0;
        while (got < want)
        {
            int n = RandomAccess.Read(_file!, _buffer!.AsSpan(got, want - got), offset + got);
            if (n == 0)
                break; // the file is shorter than its map (cut meanwhile): the frames after are parsed from the map
            got += n;
        }
        _start = offset;
        _length = got;
    }
}
