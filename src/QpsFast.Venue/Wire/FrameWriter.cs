using System.Net.Sockets;

namespace QpsFast.Venue.Wire;

/// <summary>
/// Writes messages to one TCP session with consecutive sequence numbers (from 1), through a buffer it owns: no
/// allocation per message. Sends block when the peer's window is full: that is the back-pressure (docs/protocol.md).
/// </summary>
public sealed class FrameWriter(Socket socket)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _length;
    private long _next = 1;

    /// <summary>Returns whether a send failed (the peer went away).</summary>
    public bool Broken { get; private set; }

    /// <summary>Returns the time spent in the socket's send calls (ticks of <see cref="System.Diagnostics.Stopwatch"/>): how long a slow reader held the writer back.</summary>
    public long SendTicks { get; private set; }

    /// <summary>Returns the bytes buffered and not yet sent.</summary>
    public int Buffered => _length;

    /// <summary>Returns the room for the next message, to write it into; then call <see cref="Commit"/>.</summary>
    public Span<byte> Claim()
    {
        if (_buffer.Length - _length < WireHeader.MaxMessage)
            Flush();
        return _buffer.AsSpan(_length);
    }

    /// <summary>Returns the sequence the next message gets.</summary>
    public long NextSequence => _next;

    /// <summary>Commits a message of <paramref name="length"/> bytes written at <see cref="Claim"/>.</summary>
    public void Commit(int length)
    {
        _length += length;
        _next++;
    }

    /// <summary>Skips one sequence number: the next message shows the reader a gap (fault injection in tests).</summary>
    public void SkipSequence() => _next++;

    /// <summary>Sends what is buffered; returns false if the peer went away.</summary>
    public bool Flush()
    {
        int sent = 0;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            while (sent < _length && !Broken)
                sent += socket.Send(_buffer.AsSpan(sent, _length - sent), SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Broken = true;
        }
        _length = 0;
        SendTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        return !Broken;
    }
}
