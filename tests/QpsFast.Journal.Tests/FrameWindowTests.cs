using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

/// <summary>
/// The reader parses data frames through a 1 MiB window (<see cref="FrameWindow"/>) refilled as it goes. Segments
/// several windows long read back whole, seeks land inside later windows, and damage past the first window is found at
/// its offset as from the map.
/// </summary>
public sealed class FrameWindowTests : IDisposable
{
    private const int Records = 400_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-window-").FullName;

    public FrameWindowTests()
    {
        // Incompressible payloads (a hash of the sequence): about 4 MiB of segments, each 3 MiB at most, so every segment
        // spans several windows and frames straddle their edges.
        using var writer = new JournalWriter(new JournalOptions { Directory = _dir, MaxSegmentBytes = 3 << 20 });
        var batch = new Record[1000];
        for (int start = 0; start < Records; start += batch.Length)
        {
            for (int i = 0; i < batch.Length; i++)
                batch[i] = Make(start + i);
            writer.Append(batch);
            writer.Flush();
        }
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static Record Make(long s)
    {
        ulong h = (ulong)s * 0x9E3779B97F4A7C15UL;
        return new Record { Sequence = s, TimeNs = 1_000 * s, Kind = RecordKind.Trade, Symbol = (ushort)(s % 4), Source = SourceId.Feed, Trade = new TradePayload { Price = (long)(h >> 20), Size = (long)(h & 0xFFFFF) } };
    }

    [Fact]
    public void SegmentsOfSeveralWindows_ReadBackWhole()
    {
        var reader = JournalReader.Open(_dir);
        Assert.True(reader.SegmentPaths.Count >= 2, "several segments");
        Assert.True(new FileInfo(reader.SegmentPaths[0]).Length > 2 << 20, "a segment longer than two windows");
        long expected = 0;
        reader.Read(records =>
        {
            foreach (ref readonly var r in records)
            {
                Assert.Equal(Make(expected).Trade.Price, r.Trade.Price);
                Assert.Equal(expected++, r.Sequence);
            }
        });
        Assert.Equal(Records, expected);
        Assert.True(reader.Complete, reader.EndProblem);
        Assert.Equal(reader.SegmentPaths.Count, reader.FramesParsedFromMap); // each segment's end only: every data frame came through the window
    }

    [Fact]
    public void ASeekIntoALaterWindow_StartsAtItsRecord()
    {
        var reader = JournalReader.Open(_dir);
        long first = -1, count = 0;
        reader.ReadFrom(Records - 70_001, records =>
        {
            if (first < 0)
                first = records[0].Sequence;
            count += records.Length;
        });
        Assert.True(first <= Records - 70_001 && first > Records - 70_001 - JournalDescriptor.MaxRecordsPerFrame, $"started at {first}");
        Assert.Equal(Records - first, count);
    }

    [Fact]
    public void ABitFlipPastTheFirstWindow_IsCorruption_AtItsFramesOffset()
    {
        string segment = JournalReader.Open(_dir).SegmentPaths[0];
        var bytes = File.ReadAllBytes(segment);
        // The frame holding byte 2.5 MiB: walk the frames from the header.
        long offset = FrameParser.ParseHeader(segment, bytes).DataStart;
        var decoded = new byte[JournalDescriptor.MaxBlockBytes];
        while (true)
        {
            Assert.Equal(FrameParser.Kind.Data, FrameParser.Parse(bytes, offset, decoded, out int length, out _, out _));
            if (offset + length > (5 << 19))
                break;
            offset += length;
        }
        bytes[offset + 20] ^= 0x10; // inside the block: its checksum no longer matches
        File.WriteAllBytes(segment, bytes);
        var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(_dir).Read(_ => { }));
        Assert.Equal(offset, e.Offset);
        Assert.Contains("block checksum mismatch", e.Message);
    }
}
