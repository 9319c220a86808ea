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

    [Theory]
    [InlineData(0)]
    [InlineData(1)] // a 1 ms flush interval: the flusher thread writes partial frames all along, claiming the writer
    public void Writing_AllocatesNothingPerRecord_BetweenSegmentRolls(int flushMs)
    {
        var dir = Directory.CreateTempSubdirectory("qps-alloc-").FullName;
        try
        {
            var records = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, QpsFast.Engine.Records.Record>(journal.RawStream).ToArray();
            using var writer = new JournalWriter(new JournalOptions { Directory = dir, MaxSegmentBytes = 1L << 30, FlushInterval = flushMs > 0 ? TimeSpan.FromMilliseconds(flushMs) : null });
            var batch = new QpsFast.Engine.Records.Record[256];
            long sequence = 0;
            int position = 0;
            void Write(int count)
            {
                for (int written = 0; written < count; written += batch.Length)
                {
                    for (int i = 0; i < batch.Length; i++)
                    {
                        batch[i] = records[position];
                        batch[i].Sequence = sequence++;
                        position = (position + 1) % records.Length;
                    }
                    writer.BeginBatch();
                    writer.Append(batch);
                    writer.Flush();
                    writer.EndBatch();
                }
            }
            Write(10_240); // warm-up
            // The minimum over several rounds: the runtime's tier-1 promotion can land inside one round and allocate a
            // few KB on this thread (dotnet/BenchmarkDotNet#1542); a real per-record allocation shows in every round.
            var rounds = new long[5];
            for (int round = 0; round < rounds.Length; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Write(records.Length);
                rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Assert.True(rounds.Min() == 0, $"allocated per round: {string.Join(", ", rounds)} bytes");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
