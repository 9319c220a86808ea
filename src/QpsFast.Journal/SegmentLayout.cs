using System.Buffers.Binary;

namespace QpsFast.Journal;

/// <summary>
/// The segment header's payload (journal-format.md), defined once: its offsets, and the one writer and reader of them
/// (the journal writer writes it, the reader, repair and continuation read it).
/// </summary>
/// <remarks>
/// <code>
///   0 "QPSJ"   4 version u16   6 record size u16   8 schema hash u64
///  16 segment number u32      20 flags u32 (0)
///  24 first sequence i64      32 previous segment's last sequence i64 (−1 for the first)
///  40 stream digest up to the previous segment u64 (0 for the first)
///  48 maximum segment bytes i64                    56 configuration length u32
///  60 configuration (UTF-8 JSON; segment 0 only)
/// </code>
/// </remarks>
internal static class HeaderLayout
{
    public const int Magic = 0;
    public const int Version = 4;
    public const int RecordSize = 6;
    public const int Schema = 8;
    public const int SegmentNumber = 16;
    public const int Flags = 20;
    public const int FirstSequence = 24;
    public const int PreviousLast = 32;
    public const int PreviousDigest = 40;
    public const int MaxSegmentBytes = 48;
    public const int ConfigurationLength = 56;
    public const int Configuration = 60;

    /// <summary>The header frame's offset in the segment (after the empty frame).</summary>
    public const int FrameOffset = JournalDescriptor.EmptyFrameSize;

    /// <summary>The payload's offset in the segment (after the header frame's magic and size).</summary>
    public const int PayloadOffset = FrameOffset + 8;

    /// <summary>The bytes of the empty frame and a header frame without configuration (every segment but the first).</summary>
    public const int BareSegmentHeaderBytes = PayloadOffset + Configuration + 4;

    /// <summary>Builds a header payload.</summary>
    public static byte[] Write(int segmentNumber, long firstSequence, long previousLast, ulong previousDigest, long maxSegmentBytes, ReadOnlySpan<byte> configuration)
    {
        var payload = new byte[Configuration + configuration.Length];
        JournalDescriptor.HeaderPayloadMagic.CopyTo(payload);
        var p = payload.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(p[Version..], JournalDescriptor.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(p[RecordSize..], QpsFast.Engine.Records.RecordDescriptor.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(p[Schema..], JournalDescriptor.SchemaHash);
        BinaryPrimitives.WriteUInt32LittleEndian(p[SegmentNumber..], (uint)segmentNumber);
        BinaryPrimitives.WriteInt64LittleEndian(p[FirstSequence..], firstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(p[PreviousLast..], previousLast);
        BinaryPrimitives.WriteUInt64LittleEndian(p[PreviousDigest..], previousDigest);
        BinaryPrimitives.WriteInt64LittleEndian(p[MaxSegmentBytes..], maxSegmentBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(p[ConfigurationLength..], (uint)configuration.Length);
        configuration.CopyTo(p[Configuration..]);
        return payload;
    }
}

/// <summary>
/// The seal's payload (the seek-table frame that ends a sealed segment), defined once: its offsets, the writer
/// (<see cref="SegmentSeal"/>) and this flyweight reader over the payload's bytes.
/// </summary>
/// <remarks>
/// <code>
///   0 "QPSS"   4 count u32   8 entries (count × 32: frame offset u64 | first sequence i64 | first time ns i64 | records u32 | 0 u32)
///   E = 8 + 32 × count:
///   E+0 last sequence i64    E+8 stream digest at the segment's end u64    E+16 flags u32 (bit 0: the journal ends here)
///   E+20 frame length u32    E+24 "QPSE"
/// </code>
/// The frame's XXH32 follows the payload, so a sealed segment's last 12 bytes are frame length, "QPSE", checksum.
/// </remarks>
internal readonly ref struct SealView(ReadOnlySpan<byte> payload)
{
    public const int Count = 4;
    public const int Entries = 8;
    public const int LastFromEntriesEnd = 0;
    public const int DigestFromEntriesEnd = 8;
    public const int FlagsFromEntriesEnd = 16;
    public const int FrameLengthFromEntriesEnd = 20;
    public const int MagicFromEntriesEnd = 24;

    /// <summary>Bytes after the entries: last, digest, flags, frame length, "QPSE".</summary>
    public const int TrailerBytes = 28;

    /// <summary>The smallest seal frame: magic, size, a payload with no entry, checksum.</summary>
    public const int MinFrameBytes = 8 + Entries + TrailerBytes + 4;

    // One entry: frame offset u64 | first sequence i64 | first time ns i64 | records u32 | 0 u32.
    public const int EntryOffset = 0;
    public const int EntryFirstSequence = 8;
    public const int EntryFirstTime = 16;
    public const int EntryRecords = 24;

    /// <summary>A sealed segment's last bytes: frame length u32, "QPSE", the frame's XXH32 u32.</summary>
    public const int FileTailBytes = 12;

    /// <summary>Where "QPSE" starts, counted back from the end of a sealed segment.</summary>
    public const int MagicFromFileEnd = 8;

    /// <summary>Bytes of a seal frame around its payload: magic and size before it, XXH32 after it.</summary>
    public const int FrameOverhead = 12;

    /// <summary>Returns whether <paramref name="segment"/> ends with a seal's magic (it may still be damaged).</summary>
    public static bool EndsWithSeal(ReadOnlySpan<byte> segment) =>
        segment.Length >= FileTailBytes && segment[^MagicFromFileEnd..^4].SequenceEqual(JournalDescriptor.SealMagic);

    /// <summary>Returns the seal frame's length from a sealed segment's last <see cref="FileTailBytes"/> bytes.</summary>
    public static uint FrameLengthOf(ReadOnlySpan<byte> fileTail) => BinaryPrimitives.ReadUInt32LittleEndian(fileTail[^FileTailBytes..]);

    /// <summary>Seal flag: the session ended here, no segment follows (each other seal names its successor by its next sequence).</summary>
    public const uint FinalFlag = 1;

    private readonly ReadOnlySpan<byte> _payload = payload;

    /// <summary>Returns the payload length of a seal of <paramref name="frames"/> entries.</summary>
    public static int PayloadLength(int frames) => Entries + frames * JournalDescriptor.SeekEntrySize + TrailerBytes;

    public int FrameCount => (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(_payload[Count..]));

    private int End => Entries + FrameCount * JournalDescriptor.SeekEntrySize;

    /// <summary>Returns whether the entry count fits the payload.</summary>
    public bool IsConsistent => _payload.Length >= Entries + TrailerBytes
        && BinaryPrimitives.ReadUInt32LittleEndian(_payload[Count..]) == (ulong)(_payload.Length - Entries - TrailerBytes) / JournalDescriptor.SeekEntrySize
        && (_payload.Length - Entries - TrailerBytes) % JournalDescriptor.SeekEntrySize == 0;

    public long LastSequence => BinaryPrimitives.ReadInt64LittleEndian(_payload[(End + LastFromEntriesEnd)..]);

    public ulong Digest => BinaryPrimitives.ReadUInt64LittleEndian(_payload[(End + DigestFromEntriesEnd)..]);

    public bool Final => (BinaryPrimitives.ReadUInt32LittleEndian(_payload[(End + FlagsFromEntriesEnd)..]) & FinalFlag) != 0;

    public SeekEntry Entry(int i)
    {
        var e = _payload[(Entries + i * JournalDescriptor.SeekEntrySize)..];
        return new SeekEntry(BinaryPrimitives.ReadInt64LittleEndian(e[EntryOffset..]), BinaryPrimitives.ReadInt64LittleEndian(e[EntryFirstSequence..]),
            BinaryPrimitives.ReadInt64LittleEndian(e[EntryFirstTime..]), BinaryPrimitives.ReadInt32LittleEndian(e[EntryRecords..]));
    }
}
