using System.Net.Sockets;

namespace QpsFast.Venue.Wire;

/// <summary>
/// Reads whole messages from one TCP session into a buffer it owns, without allocating per message; checks each
/// message's length, version and session sequence (from 1, no gaps).
/// </summary>
public sealed class FrameReader(Socket socket, string session)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _expected = 1;

    /// <summary>Returns the session's name (in messages).</summary>
    public string Session => session;

    /// <summary>Returns whether the peer closed the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Returns the sequence of the last message read.</summary>
    public long LastSequence => _expected - 1;

    /// <summary>
    /// Returns the next whole message, receiving more when needed: blocking when <paramref name="block"/>, otherwise
    /// only what the socket already holds. Returns an empty span when none is complete (or the peer closed: <see cref="Closed"/>).
    /// The span is valid until the next call.
    /// </summary>
    /// <exception cref="ProtocolException">A bad length, version or sequence.</exception>
    public ReadOnlySpan<byte> Next(bool block) => Next(block, receive: true);

    /// <summary>Returns the next whole message already received (no system call), or an empty span: for a reader that batches what one receive brought.</summary>
    public ReadOnlySpan<byte> NextBuffered() => Next(block: false, receive: false);

    private ReadOnlySpan<byte> Next(bool block, bool receive)
    {
        while (true)
        {
            int have = _end - _start;
            if (have >= WireHeader.Size)
            {
                var head = _buffer.AsSpan(_start, have);
                int length = WireHeader.Length(head);
                if (length < WireHeader.Size || length > WireHeader.MaxMessage)
                    throw new ProtocolException($"{session} session: message {_expected} has length {length} (expected {WireHeader.Size}..{WireHeader.MaxMessage})");
                if (head[WireHeader.VersionOffset] != WireHeader.Version)
                    throw new ProtocolException($"{session} session: message {_expected} is protocol version {head[WireHeader.VersionOffset]}; this build speaks {WireHeader.Version}");
                if (have >= length)
                {
                    int size = MessageType.SizeOf(head[WireHeader.TypeOffset]);
                    if (size != length)
                    {
                        throw new ProtocolException(size == 0
                            ? $"{session} session: message {_expected} has unknown type 0x{head[WireHeader.TypeOffset]:x2}"
                            : $"{session} session: message {_expected} ('{(char)head[WireHeader.TypeOffset]}') is {length} bytes; that type is {size}");
                    }
                    long sequence = WireHeader.Sequence(head);
                    if (sequence != _expected)
                        throw new SequenceGapException($"{session} session: sequence gap: expected message {_expected}, got {sequence}");
                    _expected++;
                    _start += length;
                    return head[..length];
                }
            }
            if (!receive || !Receive(block))
                return default;
        }
    }

    private bool Receive(bool block)
    {
        if (Closed)
            return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        // Nothing to read: unless the socket is readable anyway, which then means the peer closed (Receive gives 0).
        if (!block && socket.Available == 0 && !socket.Poll(0, SelectMode.SelectRead))
            return false;
        int n;
        try
        {
            n = socket.Receive(_buffer.AsSpan(_end), SocketFlags.None);
        }
        catch (SocketException)
        {
            n = 0;
        }
        catch (ObjectDisposedException)
        {
            n = 0;
        }
        if (n == 0)
        {
            Closed = true;
            return false;
        }
        _end += n;
        return true;
    }
}
