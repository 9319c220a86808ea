using System.Runtime.InteropServices;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

public sealed class SeekTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12_345)]
    [InlineData(40_000)]
    [InlineData(-1)] // the last record
    public void ReadFrom_StartsExactlyAtTheSequence_AndReadsToTheEnd(long sequence)
    {
        var all = MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray();
        if (sequence < 0)
            sequence = all.Length - 1;
        var read = new List<Record>();
        var reader = JournalReader.Open(journal.Directory);
        reader.ReadFrom(sequence, records => read.AddRange(records.ToArray()));
        Assert.Equal(all.Length - sequence, read.Count);
        Assert.Equal(sequence, read[0].Sequence);
        Assert.Equal(all[^1].Sequence, read[^1].Sequence);
    }

    [Fact]
    public void ReadFromTime_StartsAtTheFirstRecordAtOrAfterTheTime()
    {
        var all = MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray();
        foreach (int index in new[] { 5_000, 33_333, all.Length - 10 })
        {
            long t = all[index].TimeNs;
            int first = Array.FindIndex(all, r => r.TimeNs >= t);
            var read = new List<Record>();
            JournalReader.Open(journal.Directory).ReadFromTime(t, records => read.AddRange(records.ToArray()));
            Assert.Equal(all[first].Sequence, read[0].Sequence);
            Assert.Equal(all.Length - first, read.Count);
        }
    }

    [Fact]
    public void SealedSegments_HaveSeekTables_CoveringTheirRecords()
    {
        long total = 0;
        foreach (var path in journal.SegmentPaths)
        {
            var table = JournalReader.SeekTable(path);
            Assert.NotNull(table);
            Assert.True(table!.Length > 0);
            for (int i = 1; i < table.Length; i++)
            {
                Assert.Equal(table[i - 1].FirstSequence + table[i - 1].Records, table[i].FirstSequence);
                Assert.True(table[i].Offset > table[i - 1].Offset);
            }
            total += table.Sum(e => (long)e.Records);
        }
        Assert.Equal(journal.Stats.Digest.Count, total);
    }
}
