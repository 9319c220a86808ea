namespace QpsFast.Journal.Tests;

public sealed class AllocationTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Fact]
    public void Reading_AllocatesNothingPerRecord_OnlyPerSegment()
    {
        var reader = JournalReader.Open(journal.Directory);
        long sum = 0;
        JournalReader.FrameHandler handler = records => sum += records[^1].Sequence;
        reader.Read(handler); // warm-up: JIT, first mappings
        long before = GC.GetAllocatedBytesForCurrentThread();
        reader.Read(handler);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long records = reader.RecordCount;
        int segments = reader.SegmentPaths.Count;
        // The memory mappings and summaries cost a little per segment; per record, nothing.
        Assert.True(allocated < segments * 8 * 1024, $"{allocated} bytes for {segments} segments");
        Assert.True(allocated / (double)records < 0.5, $"{allocated / (double)records:F3} bytes per record");
        Assert.True(sum > 0);
    }

    [Fact]
    public void Writing_AllocatesNothingPerRecord_BetweenSegmentRolls()
    {
        var dir = Directory.CreateTempSubdirectory("qps-alloc-").FullName;
        try
        {
            var records = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, QpsFast.Engine.Records.Record>(journal.RawStream).ToArray();
            using var writer = new JournalWriter(new JournalOptions { Directory = dir, MaxSegmentBytes = 1L << 30 });
            writer.Append(records.AsSpan(0, 10_000));
            writer.Flush();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 10_000; i + 256 <= records.Length; i += 256)
            {
                writer.Append(records.AsSpan(i, 256));
                writer.Flush();
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
