namespace QpsFast.Journal;

/// <summary>
/// The journal segment format, version 2. Every segment is a valid LZ4 frame stream (<c>lz4 -dc</c> yields exactly
/// the raw 64-byte records), laid out as:
/// </summary>
/// <remarks>
/// <code>
///  segment := empty-frame  header-frame  data-frame*  [seek-table-frame]      (the seek table seals it)
///
///  empty-frame      04 22 4D 18 | FLG 60 | BD 40 | HC | 00 00 00 00                      11 bytes
///  header-frame     50 2A 4D 18 | size u32 | payload (below) | XXH32(payload) u32         skippable
///  data-frame       04 22 4D 18 | FLG 70 | BD 40 | HC
///                   | block size u32 (bit 31 set: stored uncompressed) | block | XXH32(block) u32
///                   | 00 00 00 00
///                   one block of at most 1,024 records (64 KiB): FLG 70 = version 1, independent blocks,
///                   block checksums; BD 40 = 64 KiB maximum block size. Journals written before 2026-12-02 have
///                   FLG 74 (a content checksum, XXH32 of the decoded block, after the end mark): readers check it
///                   where it is present; writers no longer write it (the block checksum covers every stored byte,
///                   and the stream digest every record)
///  seek-table-frame 51 2A 4D 18 | size u32 | "QPSS" | count u32 | entries | last sequence i64
///                   | stream digest at the segment's end u64 | flags u32 (bit 0: final, the journal ends here)
///                   | frame length u32 | "QPSE" | XXH32 of the bytes from "QPSS" u32
///                   the last 12 bytes of a sealed segment are therefore: frame length, "QPSE", checksum
///                   entry = frame offset u64 | first sequence i64 | first time ns i64 | records u32 | 0 u32
///
///  header payload: see HeaderLayout; seal payload: see SealView (SegmentLayout.cs)
/// </code>
/// HC is the second byte of XXH32(FLG, BD). All integers are little-endian. Segment files are named
/// <c>&lt;stream&gt;-&lt;first sequence, 20 digits&gt;.lz4</c>.
/// </remarks>
public static class JournalDescriptor
{
    /// <summary>The format version; bumped only on a hard break (2: the seal records whether the journal ends there).</summary>
    public const ushort Version = 2;

    /// <summary>The LZ4 frame magic number.</summary>
    public const uint FrameMagic = 0x184D2204;

    /// <summary>The skippable-frame magic of the segment header.</summary>
    public const uint HeaderMagic = 0x184D2A50;

    /// <summary>The skippable-frame magic of the seek table.</summary>
    public const uint SeekTableMagic = 0x184D2A51;

    /// <summary>The frame descriptor flags of the empty frame: version 01, independent blocks.</summary>
    public const byte EmptyFrameFlags = 0x60;

    /// <summary>The frame descriptor flags of data frames: version 01, independent blocks, block checksums.</summary>
    public const byte DataFrameFlags = 0x70;

    /// <summary>
    /// The flags of data frames written before 2026-12-02: <see cref="DataFrameFlags"/> and a content checksum
    /// (<see cref="ContentChecksumFlag"/>). Still read.
    /// </summary>
    public const byte DataFrameFlagsWithContentChecksum = DataFrameFlags | ContentChecksumFlag;

    /// <summary>The frame-descriptor bit of a content checksum (XXH32 of the decoded content after the end mark).</summary>
    public const byte ContentChecksumFlag = 0x04;

    /// <summary>The block-descriptor byte: 64 KiB maximum block size.</summary>
    public const byte BlockDescriptor = 0x40;

    /// <summary>The largest block, in bytes.</summary>
    public const int MaxBlockBytes = 64 * 1024;

    /// <summary>The most records in one data frame.</summary>
    public const int MaxRecordsPerFrame = MaxBlockBytes / QpsFast.Engine.Records.RecordDescriptor.Size;

    /// <summary>Bit 31 of a block size: the block is stored uncompressed.</summary>
    public const uint UncompressedBit = 0x8000_0000;

    /// <summary>The size of the empty frame.</summary>
    public const int EmptyFrameSize = 11;

    /// <summary>Bytes of one seek-table entry.</summary>
    public const int SeekEntrySize = 32;

    /// <summary>The segment header's payload magic.</summary>
    public static ReadOnlySpan<byte> HeaderPayloadMagic => "QPSJ"u8;

    /// <summary>The seek table's closing magic, 8 bytes before the end of a sealed segment.</summary>
    public static ReadOnlySpan<byte> SealMagic => "QPSE"u8;

    /// <summary>The seek table's payload magic.</summary>
    public static ReadOnlySpan<byte> SeekTablePayloadMagic => "QPSS"u8;

    /// <summary>The extension of segment files.</summary>
    public const string SegmentExtension = ".lz4";

    /// <summary>
    /// A hash of the record layout the journal was written with: a reader refuses a journal whose records it would
    /// misread.
    /// </summary>
    public static ulong SchemaHash { get; } = System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.ASCII.GetBytes(
        $"record:{QpsFast.Engine.Records.RecordDescriptor.Size}:{QpsFast.Engine.Records.RecordDescriptor.PayloadOffset}:v{Version}"));

    /// <summary>Returns the file name of a segment.</summary>
    public static string SegmentFileName(string stream, long firstSequence) =>
        $"{stream}-{firstSequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)}{SegmentExtension}";
}
