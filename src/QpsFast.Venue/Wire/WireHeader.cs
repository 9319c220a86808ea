using System.Buffers.Binary;

namespace QpsFast.Venue.Wire;

/// <summary>
/// The 24-byte header every message of both sessions starts with (docs/protocol.md), little-endian:
/// <c>u16 Length</c> (the whole message), <c>u8 Type</c>, <c>u8 Version</c>, <c>u32 Reserved</c> (0),
/// <c>u64 Sequence</c> (per session and direction, from 1, no gaps), <c>i64 SendStampNs</c> (the sender's monotonic
/// clock when it wrote the message: one clock for both processes on one machine, so wire-to-wire latency is measurable).
/// </summary>
public static class WireHeader
{
    /// <summary>Header bytes.</summary>
    public const int Size = 24;

    /// <summary>The protocol version this build speaks.</summary>
    public const byte Version = 1;

    /// <summary>Offset of the message length.</summary>
    public const int LengthOffset = 0;

    /// <summary>Offset of the message type.</summary>
    public const int TypeOffset = 2;

    /// <summary>Offset of the protocol version.</summary>
    public const int VersionOffset = 3;

    /// <summary>Offset of the session sequence number.</summary>
    public const int SequenceOffset = 8;

    /// <summary>Offset of the sender's stamp.</summary>
    public const int StampOffset = 16;

    /// <summary>The longest message either session carries.</summary>
    public const int MaxMessage = 128;

    /// <summary>Writes a header for a message of <paramref name="length"/> bytes.</summary>
    public static void Write(Span<byte> message, int length, byte type, long sequence, long stampNs)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message, (ushort)length);
        message[TypeOffset] = type;
        message[VersionOffset] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(message[4..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(message[SequenceOffset..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(message[StampOffset..], stampNs);
    }

    /// <summary>Returns a message's length.</summary>
    public static int Length(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16LittleEndian(message);

    /// <summary>Returns a message's type.</summary>
    public static byte Type(ReadOnlySpan<byte> message) => message[TypeOffset];

    /// <summary>Returns a message's session sequence.</summary>
    public static long Sequence(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadInt64LittleEndian(message[SequenceOffset..]);

    /// <summary>Returns a message's send stamp.</summary>
    public static long Stamp(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadInt64LittleEndian(message[StampOffset..]);

    /// <summary>Returns the body of a message (after the header).</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> message) => message[Size..];

    /// <summary>The monotonic clock both sides stamp with, in ns (CLOCK_MONOTONIC on Linux: shared by every process of the machine).</summary>
    public static long NowNs() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));
}
