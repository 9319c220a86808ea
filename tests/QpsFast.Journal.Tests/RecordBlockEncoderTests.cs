using CsCheck;
using K4os.Compression.LZ4;

namespace QpsFast.Journal.Tests;

public sealed class RecordBlockEncoderTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    private const int RecordSize = 64;

    /// <summary>
    /// A strict LZ4 block decoder of our own: besides decoding, it asserts the format's rules that lenient decoders do
    /// not check: every match is at least 4 bytes, its offset points inside the bytes already written, the last
    /// sequence is literals only and at least 5 bytes long, and the last match starts at least 12 bytes before the end.
    /// </summary>
    private static byte[] StrictDecode(ReadOnlySpan<byte> block, int length)
    {
        var output = new byte[length];
        int ip = 0, op = 0, lastMatchStart = -1, lastMatchEnd = -1;
        while (true)
        {
            Assert.True(ip < block.Length, $"block ends inside a sequence at {ip}");
            int token = block[ip++];
            int literals = token >> 4;
            if (literals == 15)
                literals += ReadLength(block, ref ip);
            Assert.True(ip + literals <= block.Length, $"literals run past the block at {ip}");
            block.Slice(ip, literals).CopyTo(output.AsSpan(op));
            ip += literals;
            op += literals;
            if (ip == block.Length)
            {
                Assert.Equal(length, op);
                if (length >= 13)
                {
                    Assert.True(literals >= 5, $"the last sequence has {literals} literals; at least 5 required");
                    if (lastMatchStart >= 0)
                    {
                        Assert.True(lastMatchStart <= length - 12, $"the last match starts at {lastMatchStart} of {length}");
                        Assert.True(lastMatchEnd <= length - 5, $"the last match ends at {lastMatchEnd} of {length}");
                    }
                }
                return output;
            }
            int offset = block[ip] | (block[ip + 1] << 8);
            ip += 2;
            Assert.InRange(offset, 1, op);
            int match = (token & 15) + 4;
            if ((token & 15) == 15)
                match += ReadLength(block, ref ip);
            Assert.True(op + match <= length, $"match runs past the output at {op}");
            lastMatchStart = op;
            for (int i = 0; i < match; i++, op++)
                output[op] = output[op - offset];
            lastMatchEnd = op;
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> block, ref int ip)
    {
        int sum = 0;
        byte b;
        do
        {
            b = block[ip++];
            sum += b;
        } while (b == 255);
        return sum;
    }

    private static byte[] EncodeChecked(byte[] raw, int capacity)
    {
        var destination = new byte[capacity + 64];
        destination.AsSpan(capacity).Fill(0xA5);
        int n = RecordBlockEncoder.Encode(raw, destination.AsSpan(0, capacity));
        Assert.True(destination.AsSpan(capacity).IndexOfAnyExcept((byte)0xA5) < 0, "wrote past the destination");
        if (n == 0)
            return [];
        Assert.InRange(n, 1, capacity);
        var block = destination.AsSpan(0, n).ToArray();
        Assert.Equal(raw, StrictDecode(block, raw.Length));
        var k4os = new byte[raw.Length];
        Assert.Equal(raw.Length, LZ4Codec.Decode(block, k4os));
        Assert.Equal(raw, k4os);
        return block;
    }

    /// <summary>Records built to share bytes in every way the encoder looks for, and some it does not.</summary>
    private static readonly Gen<byte[]> Blocks =
        Gen.Select(Gen.Int[1, 1024], Gen.UInt, Gen.Int[0, 4]).Select((records, seed, style) =>
        {
            var raw = new byte[records * RecordSize];
            var rng = new Random((int)seed); // test data only
            for (int r = 0; r < records; r++)
            {
                var rec = raw.AsSpan(r * RecordSize, RecordSize);
                int choice = style == 4 ? rng.Next(4) : style;
                if (choice == 0 || r == 0)
                    rng.NextBytes(rec); // incompressible
                else if (choice == 1)
                    raw.AsSpan((r - 1) * RecordSize, RecordSize).CopyTo(rec); // a repeat: long matches across records
                else
                {
                    // A copy of an earlier record (keyed or not) with a few bytes changed: short matches.
                    raw.AsSpan(rng.Next(r) * RecordSize, RecordSize).CopyTo(rec);
                    for (int k = rng.Next(choice == 2 ? 3 : 12); k >= 0; k--)
                        rec[rng.Next(RecordSize)] ^= (byte)(1 + rng.Next(255));
                }
            }
            return raw;
        });

    [Fact]
    public void Blocks_DecodeToTheInput_UnderAStrictDecoderAndK4os_AndNeverWritePastTheDestination()
    {
        Blocks.Sample(raw =>
        {
            EncodeChecked(raw, raw.Length - 1);
            // Tight destinations: the encoder gives up (0) or fits, never overruns.
            EncodeChecked(raw, raw.Length / 3);
            EncodeChecked(raw, 40);
        }, iter: 300);
    }

    [Fact]
    public void RepeatedRecords_BecomeOneLongMatch()
    {
        var raw = new byte[1024 * RecordSize];
        for (int r = 0; r < 1024; r++)
            new Random(7).NextBytes(raw.AsSpan(r * RecordSize, RecordSize)); // the same 64 bytes each time
        var block = EncodeChecked(raw, raw.Length - 1);
        // 64 literals, one match of ~65 KiB (length bytes: ~257), 5 final literals.
        Assert.InRange(block.Length, 64 + 250, 64 + 300);
    }

    [Fact]
    public void RandomBytes_DoNotCompress_AndSayNotWithZero()
    {
        var raw = new byte[1024 * RecordSize];
        new Random(3).NextBytes(raw);
        Assert.Empty(EncodeChecked(raw, raw.Length - 1));
    }

    [Fact]
    public void PartialRecords_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => RecordBlockEncoder.Encode(new byte[100], new byte[200]));
        Assert.Contains("whole 64-byte records", e.Message);
    }

    [Fact]
    public void TheJournalStream_CompressesBelowTheGoal_AndDecodes()
    {
        long raw = 0, compressed = 0;
        for (int offset = 0; offset < journal.RawStream.Length; offset += JournalDescriptor.MaxBlockBytes)
        {
            var block = journal.RawStream.AsSpan(offset, Math.Min(JournalDescriptor.MaxBlockBytes, journal.RawStream.Length - offset)).ToArray();
            var encoded = EncodeChecked(block, block.Length - 1);
            Assert.NotEmpty(encoded);
            raw += block.Length;
            compressed += encoded.Length;
        }
        Assert.True(compressed < raw * 0.45, $"{compressed} of {raw} bytes");
    }
}
