using System.Buffers.Binary;

namespace QpsFast.Journal;

/// <summary>
/// The seal that ends a segment (journal-format.md, <see cref="SealView"/>): a skippable frame holding the seek table,
/// the last sequence, the stream digest so far, whether the journal ends here, and its own length and magic as the
/// file's last bytes before the checksum. Written by the journal writer when a segment is full or closed, and by
/// <see cref="JournalContinuation"/> when a resumed session seals the segment a crash left open.
/// </summary>
internal static class SegmentSeal
{
    /// <summary>Returns the bytes a seal of <paramref name="frames"/> frames needs.</summary>
    public static int BufferSize(int frames) => 2 * (SealView.PayloadLength(frames) + SealView.FrameOverhead);

    /// <summary>
    /// Builds the seal frame in <paramref name="buffer"/> (at least <see cref="BufferSize"/>); returns the frame's bytes.
    /// <paramref name="final"/>: the session ended and no segment follows; otherwise the next segment starts at
    /// <paramref name="last"/> + 1, and a reader that does not find it knows the journal was cut short.
    /// </summary>
    public static ReadOnlySpan<byte> Write(Span<byte> buffer, ReadOnlySpan<SeekEntry> frames, long last, ulong digest, bool final)
    {
        int payloadLength = SealView.PayloadLength(frames.Length);
        var payload = buffer[..payloadLength];
        payload.Clear();
        JournalDescriptor.SeekTablePayloadMagic.CopyTo(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[SealView.Count..], (uint)frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            var e = frames[i];
            var span = payload[(SealView.Entries + i * JournalDescriptor.SeekEntrySize)..];
            BinaryPrimitives.WriteInt64LittleEndian(span[SealView.EntryOffset..], e.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(span[SealView.EntryFirstSequence..], e.FirstSequence);
            BinaryPrimitives.WriteInt64LittleEndian(span[SealView.EntryFirstTime..], e.FirstTimeNs);
            BinaryPrimitives.WriteInt32LittleEndian(span[SealView.EntryRecords..], e.Records);
        }
        var trailer = payload[(SealView.Entries + frames.Length * JournalDescriptor.SeekEntrySize)..];
        BinaryPrimitives.WriteInt64LittleEndian(trailer[SealView.LastFromEntriesEnd..], last);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[SealView.DigestFromEntriesEnd..], digest);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[SealView.FlagsFromEntriesEnd..], final ? SealView.FinalFlag : 0);
        // The last 8 payload bytes (frame length, "QPSE") end the file just before the checksum: a reader sees from
        // the file's last 12 bytes that the segment is sealed, and where its data ends.
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[SealView.FrameLengthFromEntriesEnd..], (uint)(payloadLength + SealView.FrameOverhead));
        JournalDescriptor.SealMagic.CopyTo(trailer[SealView.MagicFromEntriesEnd..]);
        var frame = buffer[payloadLength..];
        return frame[..Lz4Frames.WriteSkippableFrame(frame, JournalDescriptor.SeekTableMagic, payload)];
    }
}
