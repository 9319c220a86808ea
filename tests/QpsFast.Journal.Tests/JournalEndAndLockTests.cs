using System.Runtime.InteropServices;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Replay;

namespace QpsFast.Journal.Tests;

/// <summary>
/// The journal knows where it ends (issue 12, item 1), has one writer at a time (item 2), and repair never destroys
/// what it cannot prove bad (item 3). Each case was first reproduced against the previous format and code.
/// </summary>
public sealed class JournalEndAndLockTests(JournalFixture journal) : IClassFixture<JournalFixture>, IDisposable
{
    private readonly List<string> _dirs = [];

    private string Copy()
    {
        var to = Directory.CreateTempSubdirectory("qps-end-").FullName;
        _dirs.Add(to);
        foreach (var f in Directory.GetFiles(journal.Directory, "*.lz4"))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    private static string[] Segments(string dir) => Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).ToArray();

    private static Record[] Records(int n, long first = 0)
    {
        var records = new Record[n];
        for (int i = 0; i < n; i++)
            records[i] = new Record { Sequence = first + i, TimeNs = 1_000 * (first + i), Kind = RecordKind.Trade, Symbol = (ushort)(i % 4), Source = SourceId.Feed };
        return records;
    }

    [Fact]
    public void AWholeJournal_IsComplete()
    {
        var reader = JournalReader.Open(journal.Directory);
        reader.Read(static _ => { });
        Assert.True(reader.Complete, reader.EndProblem);
        Assert.Null(reader.EndProblem);
    }

    [Fact]
    public void DeletingTheLastSealedSegment_IsDetected_AndReplayIsPartialNeverPass()
    {
        // Before: verify and replay said PASS with 583,691 records gone, because nothing marked where a journal ends.
        var dir = Copy();
        var segments = Segments(dir);
        Assert.True(segments.Length >= 3);
        File.Delete(segments[^1]);
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.False(reader.Complete);
        Assert.Contains(Path.GetFileName(segments[^1]), reader.EndProblem);
        Assert.Contains("not there", reader.EndProblem);
        var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
        Assert.True(r.Matched);
        Assert.False(r.Pass);
        Assert.Equal("PARTIAL", r.Verdict);
    }

    [Fact]
    public void TheFinalSealCutOff_IsDetected()
    {
        var dir = Copy();
        var last = Segments(dir)[^1];
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..^1]); // the seal's checksum byte gone: the segment is no longer sealed
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.False(reader.Complete);
        Assert.NotNull(reader.EndProblem);
    }

    [Fact]
    public void ASegmentAfterTheFinalSeal_IsCorruption()
    {
        var dir = Copy();
        var segments = Segments(dir);
        // A segment of this journal copied in after its end, under the name the next one would have.
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        File.Copy(segments[1], Path.Combine(dir, JournalDescriptor.SegmentFileName("records", reader.LastSequence + 1)));
        var e = Assert.Throws<JournalCorruptException>(() => JournalReader.Open(dir).Read(static _ => { }));
        Assert.Contains("journal's end", e.Message);
    }

    [Fact]
    public void ASegmentRolledExactlyAtTheEnd_IsFollowedByAnEmptyFinalSegment()
    {
        var dir = Directory.CreateTempSubdirectory("qps-end-").FullName;
        _dirs.Add(dir);
        using (var w = new JournalWriter(new JournalOptions { Directory = dir, MaxFramesPerSegment = 2 }))
            w.Append(Records(2 * JournalDescriptor.MaxRecordsPerFrame)); // two whole frames: the roll seals the segment
        var segments = Segments(dir);
        Assert.Equal(2, segments.Length);
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.True(reader.Complete, reader.EndProblem);
        Assert.Equal(2 * JournalDescriptor.MaxRecordsPerFrame, reader.RecordCount);
        File.Delete(segments[^1]);
        reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.False(reader.Complete);
    }

    [Fact]
    public void TheWriter_HoldsTheLock_RepairContinuationAndASecondWriterAreRefused_UntilItEnds()
    {
        var dir = Directory.CreateTempSubdirectory("qps-lock-").FullName;
        _dirs.Add(dir);
        var writer = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch });
        writer.Append(Records(100));
        writer.Flush();
        var before = File.ReadAllBytes(Segments(dir)[0]);
        Assert.Throws<JournalLockedException>(() => JournalRepair.Repair(dir));
        Assert.Throws<JournalLockedException>(() => JournalContinuation.Prepare(dir));
        Assert.Throws<JournalLockedException>(() => new JournalWriter(new JournalOptions { Directory = dir }));
        Assert.Equal(before, File.ReadAllBytes(Segments(dir)[0])); // nothing was changed under the writer
        // Readers may read the complete part while the writer runs.
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.Equal(100, reader.RecordCount);
        writer.Append(Records(50, 100));
        writer.Dispose();
        Assert.Equal("nothing to repair", JournalRepair.Repair(dir).Action);
    }

    [Fact]
    public void AnAbandonedWriter_ReleasesTheLock_AndLeavesTheJournalAsACrashWould()
    {
        var dir = Directory.CreateTempSubdirectory("qps-lock-").FullName;
        _dirs.Add(dir);
        var writer = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch });
        writer.Append(Records(10));
        writer.Flush();
        writer.Abandon();
        var reader = JournalReader.Open(dir);
        reader.Read(static _ => { });
        Assert.False(reader.Complete);
        Assert.Equal(10, reader.RecordCount);
        Assert.Equal("nothing to repair", JournalRepair.Repair(dir).Action);
    }

    [Fact]
    public void ASealedLastSegmentWithAFlippedHeaderByte_IsReportedNeverDeleted()
    {
        // Before: a sealed last segment under 4 KiB with one flipped header byte was taken for an incomplete header
        // and deleted by repair.
        var dir = Directory.CreateTempSubdirectory("qps-end-").FullName;
        _dirs.Add(dir);
        using (var w = new JournalWriter(new JournalOptions { Directory = dir, MaxFramesPerSegment = 1, Framing = Framing.EndOfBatch }))
        {
            w.Append(Records(10));
            w.Flush();
            w.Append(Records(10, 10));
            w.Flush();
        }
        var last = Segments(dir)[^1];
        Assert.True(new FileInfo(last).Length < 4096);
        var bytes = File.ReadAllBytes(last);
        bytes[HeaderLayout.PayloadOffset + HeaderLayout.FirstSequence] ^= 0x01;
        File.WriteAllBytes(last, bytes);
        Assert.Throws<JournalCorruptException>(() => JournalRepair.Repair(dir));
        Assert.Equal(bytes, File.ReadAllBytes(last));
    }

    [Fact]
    public void AFlipEarlyInTheUnsealedTail_RepairSaysWhatItWouldDrop_AndCutsOnlyWithForce_KeepingTheBytes()
    {
        // Before: one flipped byte at 10 % of an unsealed segment made repair keep 35,840 records and silently drop
        // the 324,396 valid ones after it.
        var dir = Directory.CreateTempSubdirectory("qps-end-").FullName;
        _dirs.Add(dir);
        var writer = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch });
        for (int i = 0; i < 20; i++)
        {
            writer.Append(Records(100, i * 100));
            writer.Flush();
        }
        writer.Abandon(); // a crash: unsealed
        var segment = Segments(dir)[0];
        var original = File.ReadAllBytes(segment);
        var damaged = (byte[])original.Clone();
        int at = original.Length / 10;
        damaged[at] ^= 0x40;
        File.WriteAllBytes(segment, damaged);
        var refused = Assert.Throws<RepairRefusedException>(() => JournalRepair.Repair(dir));
        Assert.True(refused.ValidBeyond.Frames >= 17, $"{refused.ValidBeyond}");
        Assert.Equal(1999, refused.ValidBeyond.LastSequence);
        Assert.Contains("--force", refused.Message);
        Assert.Equal(damaged, File.ReadAllBytes(segment)); // nothing changed
        var forced = JournalRepair.Repair(dir, force: true);
        Assert.NotNull(forced.Salvage);
        long cut = forced.Tail!.Offset;
        Assert.Equal(damaged.AsSpan((int)cut).ToArray(), File.ReadAllBytes(forced.Salvage!));
        Assert.Equal(cut, new FileInfo(segment).Length);
        Assert.Equal(refused.ValidBeyond, forced.ValidBeyond);
    }

    [Fact]
    public void WithAFlushInterval_RecordsReachTheFile_WithoutAnotherBatchOrFlush()
    {
        var dir = Directory.CreateTempSubdirectory("qps-flush-").FullName;
        _dirs.Add(dir);
        using var writer = new JournalWriter(new JournalOptions { Directory = dir, FlushInterval = TimeSpan.FromMilliseconds(20) });
        writer.Append(Records(10)); // a tenth of a frame; deterministic framing alone would keep it in memory
        long seen = 0;
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (seen < 10 && wait.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
            if (Segments(dir).Length == 0)
                continue;
            var reader = JournalReader.Open(dir);
            reader.Read(static _ => { });
            seen = reader.RecordCount;
        }
        Assert.Equal(10, seen);
    }

    public void Dispose()
    {
        foreach (var d in _dirs)
            Directory.Delete(d, recursive: true);
    }
}
