using System.Buffers.Binary;
using System.Runtime.InteropServices;
using K4os.Compression.LZ4;
using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>Parses the frames of one segment's bytes, recomputing every checksum.</summary>
internal static class FrameParser
{
    public enum Kind
    {
        Data,
        SeekTable,
        End,        // clean end of the bytes
        Truncated,  // a frame runs past the end of the bytes (a torn write)
        Corrupt,
    }

    /// <summary>Parses the empty frame and header frame at the start of a segment.</summary>
    public static SegmentHeader ParseHeader(string segment, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < JournalDescriptor.EmptyFrameSize + 8)
            throw new JournalCorruptException(segment, 0, -1, "too short for the segment header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != JournalDescriptor.FrameMagic
            || bytes[4] != JournalDescriptor.EmptyFrameFlags || bytes[5] != JournalDescriptor.BlockDescriptor
            || bytes[6] != Lz4Frames.HeaderChecksum(bytes[4], bytes[5]) || BinaryPrimitives.ReadUInt32LittleEndian(bytes[7..]) != 0)
            throw new JournalCorruptException(segment, 0, -1, "not a QpsFast journal segment (bad leading empty LZ4 frame)");
        int p = HeaderLayout.FrameOffset;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[p..]) != JournalDescriptor.HeaderMagic)
            throw new JournalCorruptException(segment, p, -1, "missing the segment header frame");
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(p + 4)..]);
        if (size < HeaderLayout.Configuration + 4 || p + 8 + size > bytes.Length)
            throw new JournalCorruptException(segment, p, -1, $"segment header frame size {size} is invalid");
        var payload = bytes.Slice(HeaderLayout.PayloadOffset, (int)size - 4);
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(p + 8 + (int)size - 4)..]);
        if (Xxh32.Hash(payload) != checksum)
            throw new JournalCorruptException(segment, p, -1, "segment header checksum mismatch");
        if (!payload[..4].SequenceEqual(JournalDescriptor.HeaderPayloadMagic))
            throw new JournalCorruptException(segment, HeaderLayout.PayloadOffset, -1, "bad segment header magic");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(payload[HeaderLayout.Version..]);
        if (version != JournalDescriptor.Version)
            throw new JournalCorruptException(segment, HeaderLayout.PayloadOffset + HeaderLayout.Version, -1, $"unsupported journal version {version} (this build reads {JournalDescriptor.Version})");
        ushort recordSize = BinaryPrimitives.ReadUInt16LittleEndian(payload[HeaderLayout.RecordSize..]);
        ulong schema = BinaryPrimitives.ReadUInt64LittleEndian(payload[HeaderLayout.Schema..]);
        if (recordSize != RecordDescriptor.Size || schema != JournalDescriptor.SchemaHash)
            throw new JournalCorruptException(segment, HeaderLayout.PayloadOffset + HeaderLayout.RecordSize, -1, $"record layout mismatch (size {recordSize}, schema {schema:x16})");
        int number = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[HeaderLayout.SegmentNumber..]);
        long first = BinaryPrimitives.ReadInt64LittleEndian(payload[HeaderLayout.FirstSequence..]);
        long previousLast = BinaryPrimitives.ReadInt64LittleEndian(payload[HeaderLayout.PreviousLast..]);
        ulong previousDigest = BinaryPrimitives.ReadUInt64LittleEndian(payload[HeaderLayout.PreviousDigest..]);
        long maxSegmentBytes = BinaryPrimitives.ReadInt64LittleEndian(payload[HeaderLayout.MaxSegmentBytes..]);
        int configLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[HeaderLayout.ConfigurationLength..]);
        if (configLength != payload.Length - HeaderLayout.Configuration)
            throw new JournalCorruptException(segment, HeaderLayout.PayloadOffset + HeaderLayout.ConfigurationLength, -1, "configuration length does not match the header frame");
        string config = System.Text.Encoding.UTF8.GetString(payload[HeaderLayout.Configuration..]);
        return new SegmentHeader(number, first, previousLast, previousDigest, config, p + 8 + size, maxSegmentBytes);
    }

    /// <summary>
    /// Parses the frame at <paramref name="offset"/>. A data frame is decoded into <paramref name="decoded"/>;
    /// returns its kind, the frame's length, the decoded record count, and a description of any problem.
    /// </summary>
    public static Kind Parse(ReadOnlySpan<byte> bytes, long offset, Span<byte> decoded, out int frameLength, out int records, out string problem)
    {
        frameLength = 0;
        records = 0;
        problem = "";
        var rest = bytes[(int)offset..];
        if (rest.IsEmpty)
            return Kind.End;
        if (rest.Length < 8)
        {
            problem = $"{rest.Length} bytes of an incomplete frame";
            return Kind.Truncated;
        }
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        if (magic == JournalDescriptor.SeekTableMagic)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            if (8L + size > rest.Length)
            {
                problem = "incomplete seek table";
                return Kind.Truncated;
            }
            if (size < SealView.MinFrameBytes - 8)
            {
                problem = $"seek table size {size} is too small";
                return Kind.Corrupt;
            }
            var payload = rest.Slice(8, (int)size - 4);
            if (Xxh32.Hash(payload) != BinaryPrimitives.ReadUInt32LittleEndian(rest[(8 + (int)size - 4)..]) || !payload[..4].SequenceEqual(JournalDescriptor.SeekTablePayloadMagic))
            {
                problem = "seek table checksum mismatch";
                return Kind.Corrupt;
            }
            if (!new SealView(payload).IsConsistent)
            {
                problem = "seek table entry count does not match its size";
                return Kind.Corrupt;
            }
            frameLength = 8 + (int)size;
            return Kind.SeekTable;
        }
        if (magic != JournalDescriptor.FrameMagic)
        {
            problem = $"bad frame magic 0x{magic:x8}";
            return Kind.Corrupt;
        }
        byte flags = rest[4];
        if ((flags != JournalDescriptor.DataFrameFlags && flags != JournalDescriptor.DataFrameFlagsWithContentChecksum)
            || rest[5] != JournalDescriptor.BlockDescriptor || rest[6] != Lz4Frames.HeaderChecksum(flags, rest[5]))
        {
            problem = "bad data frame descriptor";
            return Kind.Corrupt;
        }
        if (rest.Length < 11)
        {
            problem = "incomplete block size";
            return Kind.Truncated;
        }
        uint blockField = BinaryPrimitives.ReadUInt32LittleEndian(rest[7..]);
        bool stored = (blockField & JournalDescriptor.UncompressedBit) != 0;
        int blockSize = (int)(blockField & ~JournalDescriptor.UncompressedBit);
        if (blockSize == 0 || blockSize > JournalDescriptor.MaxBlockBytes)
        {
            problem = $"block size {blockSize} out of range";
            return Kind.Corrupt;
        }
        bool contentChecksum = (flags & JournalDescriptor.ContentChecksumFlag) != 0;
        int total = 11 + blockSize + (contentChecksum ? 12 : 8);
        if (rest.Length < total)
        {
            problem = $"frame of {total} bytes runs past the end ({rest.Length} left)";
            return Kind.Truncated;
        }
        var block = rest.Slice(11, blockSize);
        if (Xxh32.Hash(block) != BinaryPrimitives.ReadUInt32LittleEndian(rest[(11 + blockSize)..]))
        {
            problem = "block checksum mismatch";
            return Kind.Corrupt;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(rest[(15 + blockSize)..]) != 0)
        {
            problem = "missing end mark (frames hold one block)";
            return Kind.Corrupt;
        }
        int length;
        if (stored)
        {
            block.CopyTo(decoded);
            length = blockSize;
        }
        else
        {
            length = LZ4Codec.Decode(block, decoded[..JournalDescriptor.MaxBlockBytes]);
            if (length < 0)
            {
                problem = "LZ4 block does not decode";
                return Kind.Corrupt;
            }
        }
        if (contentChecksum && Xxh32.Hash(decoded[..length]) != BinaryPrimitives.ReadUInt32LittleEndian(rest[(19 + blockSize)..]))
        {
            problem = "content checksum mismatch";
            return Kind.Corrupt;
        }
        if (length == 0 || length % RecordDescriptor.Size != 0)
        {
            problem = $"decoded length {length} is not a whole number of records";
            return Kind.Corrupt;
        }
        frameLength = total;
        records = length / RecordDescriptor.Size;
        return Kind.Data;
    }

    public static ReadOnlySpan<Record> Records(ReadOnlySpan<byte> decoded, int count) =>
        MemoryMarshal.Cast<byte, Record>(decoded)[..count];
}
