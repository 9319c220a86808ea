using System.IO.Compression;

namespace QpsFast.Data.Readers;

/// <summary>
/// The lines of a text file, read as a stream; a <c>.gz</c> file (Tardis ships <c>.csv.gz</c>) is decompressed on the
/// way, never whole in memory. A damaged or cut-short gzip stream is a <see cref="DataFormatException"/> naming the
/// file and the line reached.
/// </summary>
public static class TextLines
{
    /// <summary>Returns whether <paramref name="path"/> is gzip-compressed (by its name).</summary>
    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's lines, decompressed if it is <c>.gz</c>.</summary>
    public static IEnumerable<string> Read(string path)
    {
        if (!IsGzip(path))
        {
            foreach (var line in File.ReadLines(path))
                yield return line;
            yield break;
        }
        using var file = File.OpenRead(path);
        Span<byte> trailer = stackalloc byte[8];
        if (file.Length < 18)
            throw new DataFormatException(path, 1, "(gzip)", "", $"not a gzip file ({file.Length} bytes)");
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        uint expectedCrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint expectedSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var checker = new CheckedStream(gzip);
        using var reader = new StreamReader(checker);
        long count = 0;
        string? held = null; // the last line is given out only once the stream's trailer checks out
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(path, count + 1, "(gzip)", "", $"damaged gzip stream after {count} lines ({e.Message})");
            }
            if (line is null)
                break;
            if (held is not null)
                yield return held;
            held = line;
            count++;
        }
        if (checker.Crc != expectedCrc || (uint)checker.Length != expectedSize)
            throw new DataFormatException(path, count, "(gzip)", "", $"the gzip stream is cut short or damaged: {checker.Length:N0} bytes decompressed with CRC-32 {checker.Crc:x8}, its trailer says {expectedSize:N0} bytes (mod 2^32) and {expectedCrc:x8}; nothing of it was read (a file of several gzip members: recompress it as one)");
        if (held is not null)
            yield return held;
    }

    // Counts and CRC-32s the bytes read through it (the gzip trailer's check).
    private sealed class CheckedStream(Stream inner) : Stream
    {
        private readonly System.IO.Hashing.Crc32 _crc = new();

        public uint Crc => _crc.GetCurrentHashAsUInt32();
        public override long Length => _length;
        private long _length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _crc.Append(buffer[..n]);
            _length += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The file's first line ("" for an empty file).</summary>
    public static string First(string path) => Read(path).FirstOrDefault() ?? "";

    /// <summary>The file's name without <c>.gz</c> and its data extension (BTCUSDT-trades.csv.gz: BTCUSDT-trades).</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        if (IsGzip(name))
            name = name[..^3];
        return Path.GetFileNameWithoutExtension(name);
    }
}
