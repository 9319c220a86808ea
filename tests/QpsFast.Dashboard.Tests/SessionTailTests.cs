using System.Text.Json;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Replay;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Dashboard.Tests;

/// <summary>The view of a journal read in many polls as it grows is the view of it read at once.</summary>
public sealed class SessionTailTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-tail-view-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string ViewJson(SessionTail tail)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            tail.View!.Write(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void PollingAGrowingJournal_GivesTheViewOfTheWholeJournal_AndATornOneSaysSo()
    {
        var list = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: 1)).Generate(c => list.AddRange(c));
        string whole = Path.Combine(_dir, "logs", "whole", "journal");
        var manifest = new SessionManifest("whole", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings());
        SessionRunner.Run(new SessionPlan { Manifest = manifest, JournalDirectory = whole, MaxSegmentBytes = 256 * 1024 }, list.ToArray());
        var once = new SessionTail("whole", Path.GetDirectoryName(whole)!);
        once.Poll(TimeSpan.Zero);
        Assert.Equal("finished", once.State);
        Assert.True(once.View!.Fills > 0);

        // The same bytes appearing a piece at a time, as a writer appends them.
        string growing = Path.Combine(_dir, "logs", "growing", "journal");
        Directory.CreateDirectory(growing);
        var tail = new SessionTail("growing", Path.GetDirectoryName(growing)!);
        int polls = 0;
        foreach (var segment in Directory.GetFiles(whole, "*.lz4").Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(segment);
            for (int cut = 20_000; ; cut = Math.Min(bytes.Length, cut + 50_000))
            {
                File.WriteAllBytes(Path.Combine(growing, Path.GetFileName(segment)), bytes[..Math.Min(cut, bytes.Length)]);
                tail.Poll(TimeSpan.Zero);
                polls++;
                if (cut >= bytes.Length)
                    break;
            }
        }
        Assert.True(polls > 5);
        Assert.Equal("finished", tail.State);
        Assert.Equal(ViewJson(once), ViewJson(tail));

        // Cut the seal off: torn, with the records before the tear shown.
        var last = Directory.GetFiles(growing, "*.lz4").Order(StringComparer.Ordinal).Last();
        using (var f = new FileStream(last, FileMode.Open))
            f.SetLength(f.Length * 6 / 10); // into the data frames, past the seal
        var torn = new SessionTail("growing", Path.GetDirectoryName(growing)!);
        torn.Poll(TimeSpan.Zero);
        Assert.Equal("torn", torn.State);
        Assert.Contains("records before it", torn.Problem);
        Assert.True(torn.View!.Records > 0 && torn.View.Records < once.View.Records);
    }

    [Fact]
    public void ADamagedSealedSegment_IsCorrupt_AndTheRecordsBeforeItAreShown()
    {
        var list = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: 1)).Generate(c => list.AddRange(c));
        string journal = Path.Combine(_dir, "logs", "bad", "journal");
        SessionRunner.Run(new SessionPlan { Manifest = new SessionManifest("bad", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings()), JournalDirectory = journal, MaxSegmentBytes = 256 * 1024 }, list.ToArray());
        var segments = Directory.GetFiles(journal, "*.lz4").Order(StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 3);
        var bytes = File.ReadAllBytes(segments[1]);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(segments[1], bytes);
        var tail = new SessionTail("bad", Path.GetDirectoryName(journal)!);
        tail.Poll(TimeSpan.Zero);
        long first = tail.View!.Records;
        tail.Poll(TimeSpan.Zero); // reads the same frames again before the damage: counted once
        Assert.Equal(first, tail.View.Records);
        Assert.Equal("corrupt", tail.State);
        Assert.Contains(Path.GetFileName(segments[1]), tail.Problem);
        Assert.Contains("records before it", tail.Problem);
        Assert.True(tail.View!.Records > 0);
    }
}
