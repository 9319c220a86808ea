using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Replay;

namespace QpsFast.Journal.Tests;

/// <summary>Torn tails and bit flips: every damage is found, named, and never accepted.</summary>
public sealed class JournalRecoveryTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    /// <summary>Returns the data frames (offset, length, records) of a segment, parsed from its bytes.</summary>
    private static List<(long Offset, int Length, int Records)> Frames(byte[] bytes, out long dataStart, out long seekStart)
    {
        var header = FrameParser.ParseHeader("seg", bytes);
        dataStart = header.DataStart;
        var frames = new List<(long, int, int)>();
        var buffer = new byte[JournalDescriptor.MaxBlockBytes];
        long offset = header.DataStart;
        while (true)
        {
            var kind = FrameParser.Parse(bytes, offset, buffer, out int length, out int records, out _);
            if (kind != FrameParser.Kind.Data)
            {
                Assert.Equal(FrameParser.Kind.SeekTable, kind);
                seekStart = offset;
                return frames;
            }
            frames.Add((offset, length, records));
            offset += length;
        }
    }

    private static string CopyJournal(string from)
    {
        var to = Directory.CreateTempSubdirectory("qps-torn-").FullName;
        foreach (var f in Directory.GetFiles(from, "*.lz4"))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    /// <summary>
    /// A small live journal for byte-by-byte tests: three hours of the synthetic market through the real pipeline, with
    /// the session manifest, so every prefix can be replayed. Its records are then rewritten with end-of-batch framing
    /// and a flush every 9 records (small frames) into 16 KiB segments: written by the pipeline, frame boundaries would
    /// follow its batching, which depends on thread timing, and the last segment sometimes held a single frame.
    /// </summary>
    private static (string Dir, long Records) SmallLiveJournal()
    {
        var live = Directory.CreateTempSubdirectory("qps-torn-live-").FullName;
        var dir = Directory.CreateTempSubdirectory("qps-torn-").FullName;
        var records = new List<QpsFast.Engine.Records.Record>();
        new QpsFast.Data.Synthetic.SyntheticMarket(new QpsFast.Data.Synthetic.SyntheticOptions(Days: 1)).Generate(c => records.AddRange(c));
        var input = records.Take(180 * 44).ToArray(); // 3 hours: 4 symbols x 11 records a minute
        var manifest = new SessionManifest("torn", QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4), 42, "fused", new QpsFast.Engine.Pipeline.EngineSettings());
        var stats = SessionRunner.Run(new SessionPlan { Manifest = manifest, JournalDirectory = live }, input).Stats;
        var stream = MemoryMarshal.Cast<byte, Record>(JournalFixture.ReadRaw(live)).ToArray();
        Directory.Delete(live, true);
        using (var writer = new JournalWriter(new JournalOptions { Directory = dir, MaxSegmentBytes = 16 * 1024, Framing = Framing.EndOfBatch, Configuration = manifest.ToJson() }))
        {
            for (int i = 0; i < stream.Length; i += 9)
            {
                writer.Append(stream.AsSpan(i, Math.Min(9, stream.Length - i)));
                writer.Flush();
            }
        }
        Assert.Equal(stats.Digest.Count, stream.Length);
        return (dir, stream.Length);
    }

    [Fact]
    public void TornTail_AtEveryByteOfTheLastTwoFrames_IsRepairedToTheLongestValidPrefix_WhichReplaysToPass()
    {
        var (dir, total) = SmallLiveJournal();
        try
        {
            Assert.True(Directory.GetFiles(dir, "*.lz4").Length >= 3, "several segments");
            var last = Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).Last();
            var original = File.ReadAllBytes(last);
            var frames = Frames(original, out _, out long seekStart);
            Assert.True(frames.Count >= 2);
            // A crash leaves no seek table: the unsealed segment ends after its last data frame.
            var unsealed = original[..(int)seekStart];
            long recordsBefore = total - frames.Sum(f => (long)f.Records);
            var (a, b) = (frames[^2], frames[^1]);
            var replayedBoundaries = new Dictionary<long, bool>();
            int checkedOffsets = 0;
            for (long cut = a.Offset; cut <= b.Offset + b.Length; cut++)
            {
                File.WriteAllBytes(last, unsealed[..(int)cut]);
                // The longest valid prefix ends at the last frame boundary at or before the cut.
                long boundary = cut >= b.Offset + b.Length ? b.Offset + b.Length : cut >= b.Offset ? b.Offset : a.Offset;
                long keptFrames = frames.Count(f => f.Offset + f.Length <= boundary);
                long expectedRecords = recordsBefore + frames.Take((int)keptFrames).Sum(f => (long)f.Records);

                var reader = JournalReader.Open(dir);
                long count = 0;
                reader.Read(r => count += r.Length);
                Assert.Equal(expectedRecords, count);
                Assert.Equal(expectedRecords - 1, reader.LastSequence);
                if (cut == boundary)
                {
                    Assert.Null(reader.TornTail);
                }
                else
                {
                    Assert.NotNull(reader.TornTail);
                    Assert.Equal((last, boundary, expectedRecords - 1), (reader.TornTail!.Segment, reader.TornTail.Offset, reader.TornTail.LastGoodSequence));
                    var repaired = JournalRepair.Repair(dir);
                    Assert.Contains("truncated", repaired.Action);
                    Assert.Equal(boundary, new FileInfo(last).Length);
                    // Every cut inside a frame repairs to the same bytes: unsealed[..boundary].
                    Assert.True(File.ReadAllBytes(last).AsSpan().SequenceEqual(unsealed.AsSpan(0, (int)boundary)));
                }
                if (!replayedBoundaries.ContainsKey(boundary))
                {
                    // So replaying each distinct repaired prefix once covers every cut that leads to it.
                    var result = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
                    // Every record of the prefix matched, but a journal cut short is never a PASS.
                    Assert.True(result.Matched, $"prefix ending at {boundary}: {result.FirstDivergence}");
                    Assert.Equal("PARTIAL", result.Verdict);
                    Assert.Equal(expectedRecords, result.LiveRecords);
                    replayedBoundaries[boundary] = true;
                }
                checkedOffsets++;
            }
            Assert.Equal(a.Length + b.Length + 1, checkedOffsets);
            Assert.Equal(3, replayedBoundaries.Count);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BitFlips_InTheDataFramesOfASealedSegment_AreAllDetected_WithSegmentAndOffset()
    {
        var dir = CopyJournal(journal.Directory);
        try
        {
            var segment = Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).First();
            var original = File.ReadAllBytes(segment);
            Frames(original, out long dataStart, out long seekStart);
            var rng = new Random(12345); // test sampling only; nothing in the engine uses it
            int detected = 0;
            for (int i = 0; i < 1000; i++)
            {
                long position = dataStart + rng.NextInt64(seekStart - dataStart);
                var damaged = (byte[])original.Clone();
                damaged[position] ^= (byte)(1 << rng.Next(8));
                File.WriteAllBytes(segment, damaged);
                var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(dir).Read(static _ => { }));
                Assert.Equal(segment, e.Segment);
                Assert.InRange(e.Offset, dataStart, position);
                Assert.Contains("sealed segment", e.Message);
                detected++;
            }
            Assert.Equal(1000, detected);
            File.WriteAllBytes(segment, original);
            JournalReader.Open(dir).Read(static _ => { });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BitFlip_InTheHeader_GivesAClearError()
    {
        var dir = CopyJournal(journal.Directory);
        try
        {
            var segment = Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).First();
            var bytes = File.ReadAllBytes(segment);
            foreach (int position in new[] { 0, 5, 12, 30, 50 })
            {
                var damaged = (byte[])bytes.Clone();
                damaged[position] ^= 0x10;
                File.WriteAllBytes(segment, damaged);
                var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(dir).Read(static _ => { }));
                Assert.Equal(segment, e.Segment);
                Assert.Matches("(header|empty LZ4 frame|not a QpsFast journal)", e.Message);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingMiddleSegment_IsASequenceGap_AndFatal()
    {
        var dir = CopyJournal(journal.Directory);
        try
        {
            var segments = Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).ToArray();
            Assert.True(segments.Length >= 3);
            File.Delete(segments[1]);
            var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(dir).Read(static _ => { }));
            Assert.Contains("sequence gap between segments", e.Message);
            Assert.Equal(segments[2], e.Segment);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ASegmentFromAnotherJournal_WithTheSameSequences_IsCaughtByTheStreamDigest()
    {
        // Two journals of the same sequences, 2,048 records a segment; the second differs in one record of segment 0.
        var records = MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray();
        var changed = records.ToArray();
        int i = Array.FindIndex(changed, r => r.Kind == RecordKind.Fill);
        Assert.InRange(i, 0, 2047);
        changed[i].Fill.Price += 1;
        var root = Directory.CreateTempSubdirectory("qps-splice-").FullName;
        try
        {
            string Write(string name, Record[] stream)
            {
                var dir = Path.Combine(root, name);
                using var w = new JournalWriter(new JournalOptions { Directory = dir, MaxFramesPerSegment = 2 });
                w.Append(stream);
                return dir;
            }
            var original = Write("original", records);
            var other = Write("other", changed);
            var reader = JournalReader.Open(original);
            reader.Read(static _ => { });
            Assert.Equal(JournalFixture.Digest(journal.RawStream), reader.StreamDigest);

            // Segment 0 of the other journal in place of the original's: every frame checksum, sequence and seal is
            // valid on its own; only the digest chain shows that segment 1 does not follow it.
            var segments = Directory.GetFiles(original, "*.lz4").Order(StringComparer.Ordinal).ToArray();
            File.Copy(Directory.GetFiles(other, "*.lz4").Order(StringComparer.Ordinal).First(), segments[0], overwrite: true);
            var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(original).Read(static _ => { }));
            Assert.Contains("stream digest", e.Message);
            Assert.Equal(segments[1], e.Segment);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
