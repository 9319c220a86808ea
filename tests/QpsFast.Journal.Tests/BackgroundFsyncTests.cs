using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

/// <summary>
/// <see cref="FsyncPolicy.Interval"/> fsyncs on a thread of its own (<see cref="BackgroundFsync"/>): the journal written
/// with many interval fsyncs and segment rolls reads back whole and complete, and an fsync that fails reaches the
/// journal thread as an IOException instead of vanishing.
/// </summary>
public sealed class BackgroundFsyncTests
{
    [Fact]
    public void AJournalWithAnFsyncEvery64KiB_AndRolls_ReadsBackWholeAndComplete()
    {
        var dir = Directory.CreateTempSubdirectory("qps-fsync-").FullName;
        try
        {
            const int n = 300_000;
            using (var writer = new JournalWriter(new JournalOptions { Directory = dir, FsyncIntervalBytes = 64 << 10, MaxSegmentBytes = 2 << 20 }))
            {
                var batch = new Record[500];
                for (int start = 0; start < n; start += batch.Length)
                {
                    for (int i = 0; i < batch.Length; i++)
                    {
                        long s = start + i;
                        batch[i] = new Record { Sequence = s, TimeNs = 1_000 * s, Kind = RecordKind.Trade, Symbol = (ushort)(s % 4), Source = SourceId.Feed, Trade = new TradePayload { Price = 100 + s % 97, Size = 1 } };
                    }
                    writer.Append(batch);
                    writer.Flush();
                }
            }
            Assert.True(Directory.GetFiles(dir, "*.lz4").Length > 2, "the segments rolled");
            var reader = JournalReader.Open(dir);
            long expected = 0;
            reader.Read(records =>
            {
                foreach (ref readonly var r in records)
                {
                    Assert.Equal(expected, r.Sequence);
                    Assert.Equal(100 + expected % 97, r.Trade.Price);
                    expected++;
                }
            });
            Assert.Equal(n, expected);
            Assert.True(reader.Complete, reader.EndProblem);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AnFsyncThatFails_IsReportedAtTheNextRequest()
    {
        string path = Path.GetTempFileName();
        try
        {
            using var fsync = new BackgroundFsync("test");
            var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
            fsync.Request(file);
            fsync.WaitIdle(); // a good fsync
            file.Dispose();
            fsync.Request(file); // fails on the fsync thread: the handle is closed
            var e = Assert.Throws<IOException>(fsync.WaitIdle);
            Assert.Contains("fsync failed", e.Message);
            fsync.WaitIdle(); // reported once
        }
        finally
        {
            File.Delete(path);
        }
    }
}
