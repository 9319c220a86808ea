using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using QpsFast.Engine.IO;
using QpsFast.Engine.Records;

namespace QpsFast.Data.Files;

/// <summary>Reads and writes record files (layout in <see cref="RecordFileDescriptor"/>).</summary>
public static class RecordFile
{
    /// <summary>What a record file holds besides its records.</summary>
    public sealed record Header(long RecordCount, string[] Symbols, long Seed, ulong Digest);

    /// <summary>
    /// Writes a record file: records come from <paramref name="produce"/> through the sink it is given. The file is
    /// written under a temporary name and renamed into place, so a failure never leaves a half-written file.
    /// Returns the header written.
    /// </summary>
    public static Header Write(string path, string[] symbols, long seed, Action<Action<ReadOnlySpan<Record>>> produce)
    {
        var digest = new RecordStreamDigest();
        AtomicFile.Write(path, stream =>
        {
            long recordsOffset = RecordFileDescriptor.RecordsOffset(symbols.Length);
            var prefix = new byte[recordsOffset];
            for (int i = 0; i < symbols.Length; i++)
            {
                var name = Encoding.UTF8.GetBytes(symbols[i]);
                if (name.Length > RecordFileDescriptor.SymbolNameSize)
                    throw new ArgumentException($"symbol name '{symbols[i]}' is longer than {RecordFileDescriptor.SymbolNameSize} bytes", nameof(symbols));
                name.CopyTo(prefix, RecordFileDescriptor.HeaderSize + i * RecordFileDescriptor.SymbolNameSize);
            }
            stream.Write(prefix);
            produce(records =>
            {
                digest.Append(records);
                stream.Write(MemoryMarshal.AsBytes(records));
            });
            var header = prefix.AsSpan(0, RecordFileDescriptor.HeaderSize);
            RecordFileDescriptor.Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[RecordFileDescriptor.VersionOffset..], RecordFileDescriptor.Version);
            BinaryPrimitives.WriteUInt32LittleEndian(header[RecordFileDescriptor.RecordSizeOffset..], RecordDescriptor.Size);
            BinaryPrimitives.WriteInt64LittleEndian(header[RecordFileDescriptor.CountOffset..], digest.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(header[RecordFileDescriptor.SymbolsOffset..], (uint)symbols.Length);
            BinaryPrimitives.WriteInt64LittleEndian(header[RecordFileDescriptor.SeedOffset..], seed);
            BinaryPrimitives.WriteUInt64LittleEndian(header[RecordFileDescriptor.DigestOffset..], digest.Value);
            stream.Position = 0;
            stream.Write(header);
        });
        return new Header(digest.Count, symbols, seed, digest.Value);
    }

    /// <summary>
    /// Reads a whole record file, checking its magic, version, record size, length and digest.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a valid record file; the message names the file and offset.</exception>
    public static (Header Header, Record[] Records) ReadAll(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < RecordFileDescriptor.HeaderSize || !bytes.AsSpan(0, 8).SequenceEqual(RecordFileDescriptor.Magic))
            throw new InvalidDataException($"{path}: offset 0: not a QpsFast record file (bad magic)");
        var h = bytes.AsSpan(0, RecordFileDescriptor.HeaderSize);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(h[RecordFileDescriptor.VersionOffset..]);
        if (version != RecordFileDescriptor.Version)
            throw new InvalidDataException($"{path}: offset {RecordFileDescriptor.VersionOffset}: unsupported version {version} (expected {RecordFileDescriptor.Version})");
        uint recordSize = BinaryPrimitives.ReadUInt32LittleEndian(h[RecordFileDescriptor.RecordSizeOffset..]);
        if (recordSize != RecordDescriptor.Size)
            throw new InvalidDataException($"{path}: offset {RecordFileDescriptor.RecordSizeOffset}: record size {recordSize}, expected {RecordDescriptor.Size}");
        long count = BinaryPrimitives.ReadInt64LittleEndian(h[RecordFileDescriptor.CountOffset..]);
        int symbolCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(h[RecordFileDescriptor.SymbolsOffset..]);
        long seed = BinaryPrimitives.ReadInt64LittleEndian(h[RecordFileDescriptor.SeedOffset..]);
        ulong digest = BinaryPrimitives.ReadUInt64LittleEndian(h[RecordFileDescriptor.DigestOffset..]);
        long offset = RecordFileDescriptor.RecordsOffset(symbolCount);
        long expectedLength = offset + count * RecordDescriptor.Size;
        if (count < 0 || symbolCount < 0 || expectedLength != bytes.Length)
            throw new InvalidDataException($"{path}: offset {RecordFileDescriptor.CountOffset}: header says {count} records after offset {offset} ({expectedLength} bytes) but the file has {bytes.Length} bytes");
        var symbols = new string[symbolCount];
        for (int i = 0; i < symbolCount; i++)
        {
            var name = bytes.AsSpan(RecordFileDescriptor.HeaderSize + i * RecordFileDescriptor.SymbolNameSize, RecordFileDescriptor.SymbolNameSize);
            int end = name.IndexOf((byte)0);
            symbols[i] = Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
        }
        var records = MemoryMarshal.Cast<byte, Record>(bytes.AsSpan((int)offset)).ToArray();
        var check = new RecordStreamDigest();
        check.Append(records);
        if (check.Value != digest)
            throw new InvalidDataException($"{path}: offset {offset}: record digest {check} does not match the header's {digest:x16}");
        return (new Header(count, symbols, seed, digest), records);
    }
}
