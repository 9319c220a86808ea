using System.Buffers.Binary;

namespace QpsFast.Journal;

/// <summary>
/// The seal that ends a segment (journal-format.md): a skippable frame holding the seek table, the last sequence, the
/// stream digest so far, and its own length and magic as the file's last bytes before the checksum. Written by the
/// journal writer when a segment is full or closed, and by <see cref="JournalContinuation"/> when a resumed session
/// seals the segment a crash left open.
/// </summary>
internal static class SegmentSeal
{
    /// <summary>Returns the bytes a seal of <paramref name="frames"/> frames needs.</summary>
    public static int BufferSize(int frames) => 2 * (8 + frames * JournalDescriptor.SeekEntrySize + 24) + 12;

    /// <summary>Builds the seal frame in <paramref name="buffer"/> (at least <see cref="BufferSize"/>); returns the frame's bytes.</summary>
    public static ReadOnlySpan<byte> Write(Span<byte> buffer, ReadOnlySpan<SeekEntry> frames, long last, ulong digest)
    {
        int payloadLength = 4 + 4 + frames.Length * JournalDescriptor.SeekEntrySize + 24;
        var payload = buffer[..payloadLength];
        payload.Clear();
        // The last 8 payload bytes (frame length, "QPSE") end the file just before the checksum: a reader sees from
        // the file's last 12 bytes that the segment is sealed, and where its data ends.
        JournalDescriptor.SeekTablePayloadMagic.CopyTo(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[4..], (uint)frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            var e = frames[i];
            var span = payload[(8 + i * JournalDescriptor.SeekEntrySize)..];
            BinaryPrimitives.WriteInt64LittleEndian(span, e.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], e.FirstSequence);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], e.FirstTimeNs);
            BinaryPrimitives.WriteInt32LittleEndian(span[24..], e.Records);
        }
        int end = frames.Length * JournalDescriptor.SeekEntrySize;
        BinaryPrimitives.WriteInt64LittleEndian(payload[(8 + end)..], last);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[(16 + end)..], digest);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[(24 + end)..], (uint)(payloadLength + 12));
        JournalDescriptor.SealMagic.CopyTo(payload[(28 + end)..]);
        var frame = buffer[payloadLength..];
        return frame[..Lz4Frames.WriteSkippableFrame(frame, JournalDescriptor.SeekTableMagic, payload)];
    }
}
