using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

/// <summary>The statistics a journal writer gives the output stage that appends to it (<see cref="JournalWriter.NewStats"/>).</summary>
public sealed class WriterStatsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-writer-stats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Record Trade(long sequence) =>
        new() { Sequence = sequence, TimeNs = 1_000 * sequence, Kind = RecordKind.Trade, Symbol = (ushort)(sequence % 4), Source = SourceId.Feed };

    /// <summary>Counts and journals inputs <paramref name="first"/> on, as the journal stage does, then flushes.</summary>
    private static void Feed(JournalWriter writer, StreamStats stats, long first, int count)
    {
        var slot = new Slot();
        for (long s = first; s < first + count; s++)
        {
            slot.Reset(Trade(s));
            stats.Add(ref slot);
            writer.Append(slot.Stream);
        }
        writer.Flush();
    }

    [Fact]
    public void AFreshWritersStatistics_HashNothingThemselves_TheirDigestIsTheWriters()
    {
        using var writer = new JournalWriter(new JournalOptions { Directory = Path.Combine(_dir, "fresh"), Framing = Framing.EndOfBatch });
        var stats = writer.NewStats();
        var slot = new Slot();
        slot.Reset(Trade(0));
        stats.Add(ref slot);
        Assert.Equal(1, stats.Inputs);
        Assert.Equal(0, stats.Digest.Count); // counted, not hashed: the writer hashes the records as it frames them
        writer.Append(slot.Stream);
        Feed(writer, stats, 1, 99);
        Assert.Equal(100, stats.Inputs);
        Assert.Equal(100, stats.Digest.Count);
        Assert.Equal(writer.StreamDigest, stats.Digest.Value);
    }

    [Fact]
    public void AContinuingWritersStatistics_HashTheirOwnRecords_NotTheJournalsEarlierOnes()
    {
        var dir = Path.Combine(_dir, "continued");
        var crashed = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch });
        Feed(crashed, crashed.NewStats(), 0, 50);
        crashed.Abandon(); // as a crash leaves it
        using var writer = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch }, JournalContinuation.Prepare(dir));
        var stats = writer.NewStats();
        Feed(writer, stats, 50, 30);
        var own = new RecordStreamDigest();
        for (long s = 50; s < 80; s++)
        {
            var r = Trade(s);
            own.Append(new ReadOnlySpan<Record>(in r));
        }
        Assert.Equal(30, stats.Digest.Count);
        Assert.Equal(own.Value, stats.Digest.Value);
        Assert.NotEqual(writer.StreamDigest, stats.Digest.Value); // the writer's covers the first 50 too
    }
}
