using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;

namespace QpsFast.Journal.Tests;

/// <summary>
/// Data frames lost their content checksum on 2026-12-02 (FLG 70; journal-format.md). Journals written before have
/// FLG 74 and a content checksum after the end mark: they still read, and a damaged content checksum is still found.
/// </summary>
public sealed class ContentChecksumFrameTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Fact]
    public void NewFrames_CarryBlockChecksumsOnly()
    {
        var bytes = File.ReadAllBytes(journal.SegmentPaths[0]);
        long offset = FrameParser.ParseHeader("seg", bytes).DataStart;
        Assert.Equal(JournalDescriptor.FrameMagic, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset)));
        Assert.Equal(0x70, bytes[offset + 4]);
    }

    [Fact]
    public void AJournalWrittenWithContentChecksums_ReadsToTheSameRecordsAndDigest()
    {
        string old = OldFormatCopy(journal.Directory);
        try
        {
            var reader = JournalReader.Open(old);
            var ms = new MemoryStream();
            reader.Read(r => ms.Write(MemoryMarshal.AsBytes(r)));
            Assert.Equal(journal.RawStream, ms.ToArray());
            Assert.True(reader.Complete);
            Assert.Equal(journal.Stats.Digest.Value, reader.StreamDigest);
            // Every frame of the copy is the old kind, so the test read what it meant to.
            var first = File.ReadAllBytes(Directory.GetFiles(old, "*.lz4").Order(StringComparer.Ordinal).First());
            Assert.Equal(JournalDescriptor.DataFrameFlagsWithContentChecksum, first[FrameParser.ParseHeader("seg", first).DataStart + 4]);
        }
        finally
        {
            Directory.Delete(old, true);
        }
    }

    [Fact]
    public void ADamagedContentChecksum_InASealedSegment_IsCorruption_NamingSegmentAndOffset()
    {
        string old = OldFormatCopy(journal.Directory);
        try
        {
            string segment = Directory.GetFiles(old, "*.lz4").Order(StringComparer.Ordinal).First();
            var bytes = File.ReadAllBytes(segment);
            long offset = FrameParser.ParseHeader("seg", bytes).DataStart;
            Assert.Equal(FrameParser.Kind.Data, FrameParser.Parse(bytes, offset, new byte[JournalDescriptor.MaxBlockBytes], out int length, out _, out _));
            bytes[offset + length - 1] ^= 0x40; // the frame's last byte: its content checksum
            File.WriteAllBytes(segment, bytes);
            var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(old).Read(_ => { }));
            Assert.Contains("content checksum mismatch", e.Message);
            Assert.Contains(Path.GetFileName(segment), e.Message);
            Assert.Contains($"offset {offset}", e.Message);
        }
        finally
        {
            Directory.Delete(old, true);
        }
    }

    /// <summary>
    /// Rewrites every segment of <paramref name="from"/> as the writer did before 2026-12-02: each data frame with FLG
    /// 74 and the XXH32 of its decoded records after the end mark, and the seal's frame offsets moved to match.
    /// </summary>
    private static string OldFormatCopy(string from)
    {
        var to = Directory.CreateTempSubdirectory("qps-oldframes-").FullName;
        var decoded = new byte[JournalDescriptor.MaxBlockBytes];
        foreach (var path in Directory.GetFiles(from, "*.lz4").Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            long dataStart = FrameParser.ParseHeader(path, bytes).DataStart;
            var output = new MemoryStream();
            output.Write(bytes, 0, (int)dataStart);
            var entries = new List<SeekEntry>();
            long offset = dataStart, last = -1;
            ulong digest = 0;
            bool final = false;
            while (true)
            {
                var kind = FrameParser.Parse(bytes, offset, decoded, out int length, out int count, out string problem);
                if (kind == FrameParser.Kind.SeekTable)
                {
                    var seal = new SealView(bytes.AsSpan((int)offset + 8, length - 12));
                    (last, digest, final) = (seal.LastSequence, seal.Digest, seal.Final);
                    break;
                }
                Assert.True(kind == FrameParser.Kind.Data, problem);
                var records = FrameParser.Records(decoded, count);
                entries.Add(new SeekEntry(output.Position, records[0].Sequence, records[0].TimeNs, count));
                var frame = bytes.AsSpan((int)offset, length).ToArray();
                frame[4] = JournalDescriptor.DataFrameFlagsWithContentChecksum;
                frame[6] = Lz4Frames.HeaderChecksum(frame[4], frame[5]);
                output.Write(frame);
                var checksum = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(checksum, Xxh32.Hash(MemoryMarshal.AsBytes(records)));
                output.Write(checksum);
                offset += length;
            }
            Assert.NotEqual(-1, last);
            var buffer = new byte[SegmentSeal.BufferSize(entries.Count)];
            output.Write(SegmentSeal.Write(buffer, entries.ToArray(), last, digest, final));
            File.WriteAllBytes(Path.Combine(to, Path.GetFileName(path)), output.ToArray());
        }
        return to;
    }
}
