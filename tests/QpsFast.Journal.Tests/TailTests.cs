using System.Runtime.InteropServices;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

/// <summary>Following a journal as it grows (the dashboard): each read goes on from the last whole frame.</summary>
public sealed class TailTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Fact]
    public void ReadingOnFromThePosition_AsTheSegmentsGrowAndRoll_GivesEveryRecordOnce()
    {
        var all = MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray();
        var segments = journal.SegmentPaths;
        Assert.True(segments.Length >= 3, "the fixture rolls segments");
        string dir = Directory.CreateTempSubdirectory("qps-tail-").FullName;
        try
        {
            var read = new List<Record>();
            var position = JournalPosition.Start;
            int polls = 0;
            // The writer's appends, cut anywhere (mid-frame too): each segment grows in uneven steps, then the next appears.
            foreach (var segment in segments)
            {
                var bytes = File.ReadAllBytes(segment);
                string copy = Path.Combine(dir, Path.GetFileName(segment));
                for (long cut = 0; ; cut = Math.Min(bytes.Length, cut + 7_919 + cut / 3))
                {
                    File.WriteAllBytes(copy, bytes[..(int)cut]);
                    if (cut > 0)
                    {
                        position = JournalReader.Open(dir).ReadFrom(position, records => read.AddRange(records.ToArray()));
                        polls++;
                    }
                    if (cut == bytes.Length)
                        break;
                }
            }
            var reader = JournalReader.Open(dir);
            position = reader.ReadFrom(position, records => read.AddRange(records.ToArray()));
            Assert.True(reader.Complete, reader.EndProblem);
            Assert.True(polls > segments.Length * 3);
            Assert.Equal(all.Length, read.Count);
            Assert.True(MemoryMarshal.AsBytes(all.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(read.ToArray().AsSpan())), "every record once, in order");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ABudgetStopsAfterTheFrameThatReachesIt_AndTheNextReadGoesOn()
    {
        var all = MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray();
        var read = new List<Record>();
        var position = JournalPosition.Start;
        int slices = 0;
        while (true)
        {
            var reader = JournalReader.Open(journal.Directory);
            int before = read.Count;
            position = reader.ReadFrom(position, records => read.AddRange(records.ToArray()), maxRecords: 5_000);
            slices++;
            if (!reader.BudgetReached)
            {
                Assert.True(reader.Complete, reader.EndProblem);
                break;
            }
            Assert.InRange(read.Count - before, 5_000, 5_000 + 4_096); // stops after the frame that reaches the budget
        }
        Assert.True(slices > all.Length / 10_000);
        Assert.True(MemoryMarshal.AsBytes(all.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(read.ToArray().AsSpan())), "every record once, in order");
    }
}
