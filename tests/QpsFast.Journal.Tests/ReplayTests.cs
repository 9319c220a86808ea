using System.Runtime.InteropServices;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Ring;
using Record = QpsFast.Engine.Records.Record;
using QpsFast.Replay;

namespace QpsFast.Journal.Tests;

public sealed class ReplayTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Theory]
    [InlineData(Topology.Fused, WaitKind.Yield)]
    [InlineData(Topology.Fused, WaitKind.Block)]
    [InlineData(Topology.Fused, WaitKind.Spin)]
    [InlineData(Topology.Staged, WaitKind.Yield)]
    [InlineData(Topology.Staged, WaitKind.Block)]
    [InlineData(Topology.Staged, WaitKind.Spin)]
    public void Replay_Passes_InEveryTopologyAndWaitStrategy(Topology topology, WaitKind wait)
    {
        var r = ReplayVerifier.Run(journal.Directory, new ReplayVerifier.Options { Topology = topology, Wait = wait });
        Assert.True(r.Pass, $"{r.FirstDivergence}");
        Assert.Equal(journal.Stats.Digest.Count, r.LiveRecords);
        Assert.Equal(r.LiveRecords, r.ReplayRecords);
        Assert.Equal(journal.Stats.Digest.Value, r.LiveDigest);
        Assert.Equal(r.LiveDigest, r.ReplayDigest);
        Assert.All(r.Lines, l => Assert.True(l.PnlMatch && l.TradesMatch, l.Name));
        Assert.True(r.Lines.Single(l => l.Name == "portfolio").LiveTrades > 100);
    }

    [Fact]
    public void Replay_AllocatesPerReplayNotPerRecord_OnBothItsThreads()
    {
        // The reader thread (frames, the expected ring, the journal's tally) and the publishing thread (the engine
        // inline, the verifier) allocate nothing per record: a replay of three days costs what a replay of one does
        // (about 567 KB each on 2026-12-02: the engine, the manifest, the reader's decode buffer; 1.6 MB while the 1 MiB
        // window came from the shared ArrayPool and died with each replay's reader thread).
        var root = Directory.CreateTempSubdirectory("qps-replay-alloc-").FullName;
        try
        {
            var (oneDay, oneRecords) = ReplayAllocation(root, 1);
            var (threeDays, threeRecords) = ReplayAllocation(root, 3);
            double perRecord = (threeDays - oneDay) / (double)(threeRecords - oneRecords);
            Assert.True(perRecord < 0.5, $"{oneDay:N0} bytes for {oneRecords:N0} records, {threeDays:N0} for {threeRecords:N0}: {perRecord:F2} a record more");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>Journals <paramref name="days"/> of synthetic data and returns the least a replay of it allocated over three (after a warm-up), and its records.</summary>
    private static (long Bytes, long Records) ReplayAllocation(string root, int days)
    {
        var dir = Path.Combine(root, $"{days}d");
        var inputs = new List<Record>();
        new QpsFast.Data.Synthetic.SyntheticMarket(new QpsFast.Data.Synthetic.SyntheticOptions(Days: days)).Generate(c => inputs.AddRange(c));
        var manifest = new SessionManifest($"alloc-{days}", QpsFast.Data.Synthetic.SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings());
        SessionRunner.Run(new SessionPlan { Manifest = manifest, JournalDirectory = dir }, inputs.ToArray());
        ReplayVerifier.Run(dir, new ReplayVerifier.Options()); // warm-up: JIT, pools
        long least = long.MaxValue, records = 0;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            Assert.True(r.Pass);
            records = r.LiveRecords;
        }
        return (least, records);
    }

    [Fact]
    public void AJournalWithNoRecords_IsNeverAPass()
    {
        var dir = Directory.CreateTempSubdirectory("qps-empty-").FullName;
        try
        {
            // The first segment cut back to its header (the empty frame, then the header's skippable frame).
            var first = Directory.GetFiles(journal.Directory, "*.lz4").Order(StringComparer.Ordinal).First();
            var bytes = File.ReadAllBytes(first);
            int headerEnd = JournalDescriptor.EmptyFrameSize + 8 + BitConverter.ToInt32(bytes, JournalDescriptor.EmptyFrameSize + 4);
            File.WriteAllBytes(Path.Combine(dir, Path.GetFileName(first)), bytes[..headerEnd]);
            var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
            Assert.True(r.NothingCompared);
            Assert.False(r.Pass);
            Assert.Equal(0, r.LiveRecords);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ReplayJournalOut_HoldsExactlyTheLiveJournalsRecords()
    {
        var outDir = Path.Combine(journal.Directory + "-replay-out");
        try
        {
            var r = ReplayVerifier.Run(journal.Directory, new ReplayVerifier.Options { Topology = Topology.Staged, Wait = WaitKind.Block, RingSize = 64, JournalOut = outDir });
            Assert.True(r.Pass);
            Assert.Equal(journal.RawStream, JournalFixture.ReadRaw(outDir));
            // Deterministic framing: not only the records, the segment files themselves are identical.
            var live = Directory.GetFiles(journal.Directory, "*.lz4").Order(StringComparer.Ordinal).ToArray();
            var replayed = Directory.GetFiles(outDir, "*.lz4").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(live.Select(Path.GetFileName), replayed.Select(Path.GetFileName));
            for (int i = 0; i < live.Length; i++)
                Assert.True(File.ReadAllBytes(live[i]).AsSpan().SequenceEqual(File.ReadAllBytes(replayed[i])), $"{live[i]} differs");
        }
        finally
        {
            if (Directory.Exists(outDir))
                Directory.Delete(outDir, true);
        }
    }

    /// <summary>Rewrites the fixture's journal with one record changed (frames re-encoded, checksums valid).</summary>
    private string Rewrite(Func<Record[], int> mutate) => Rewrite(records =>
    {
        mutate(records);
        return records;
    });

    /// <summary>Rewrites the fixture's journal as <paramref name="change"/> returns it (frames re-encoded, checksums valid).</summary>
    private string Rewrite(Func<Record[], Record[]> change)
    {
        var records = change(MemoryMarshal.Cast<byte, Record>(journal.RawStream).ToArray());
        var dir = Directory.CreateTempSubdirectory("qps-mutated-").FullName;
        using (var w = new JournalWriter(new JournalOptions { Directory = dir, Configuration = journal.Manifest.ToJson() }))
        {
            w.Append(records);
            w.Flush();
        }
        return dir;
    }

    [Fact]
    public void MutatedFillPrice_Fails_NamingThatSequenceAndField()
    {
        long sequence = -1, mutated = 0, original = 0;
        var dir = Rewrite(records =>
        {
            int i = Array.FindIndex(records, r => r.Kind == RecordKind.Fill);
            original = records[i].Fill.Price;
            records[i].Fill.Price += 1_000_000; // +0.01
            mutated = records[i].Fill.Price;
            sequence = records[i].Sequence;
            return i;
        });
        try
        {
            var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
            Assert.False(r.Pass);
            var d = Assert.IsType<Divergence>(r.FirstDivergence);
            Assert.Equal(sequence, d.Sequence);
            Assert.Equal("Fill", d.Kind);
            Assert.Equal("Fill.Price", d.Field);
            Assert.Equal(mutated.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Expected);
            Assert.Equal(original.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Actual);
            // Each digest is of its own side's stream: the replay reproduced the original, the journal holds the change.
            Assert.Equal(JournalFixture.Digest(journal.RawStream), r.ReplayDigest);
            Assert.Equal(JournalFixture.Digest(JournalFixture.ReadRaw(dir)), r.LiveDigest);
            Assert.Equal(1, r.Mismatches);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AChangeFarIntoTheJournal_KeepsEachSidesDigestExact()
    {
        // The replay's digest is not taken while every group matches (it is the journal's); at the first difference
        // the journal's prefix is read again for it. The last fill lies many frames in, past records the replay
        // has already released.
        long sequence = -1;
        var dir = Rewrite(records =>
        {
            int i = Array.FindLastIndex(records, r => r.Kind == RecordKind.Fill);
            Assert.True(i > 4 * 1024, $"the last fill is record {i}: too early to cross frames");
            records[i].Fill.Quantity += 1;
            sequence = records[i].Sequence;
            return i;
        });
        try
        {
            var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
            Assert.False(r.Pass);
            Assert.Equal(sequence, Assert.IsType<Divergence>(r.FirstDivergence).Sequence);
            Assert.Equal(JournalFixture.Digest(journal.RawStream), r.ReplayDigest);
            Assert.Equal(JournalFixture.Digest(JournalFixture.ReadRaw(dir)), r.LiveDigest);
            Assert.NotEqual(r.LiveDigest, r.ReplayDigest);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnInputOutOfTimeOrder_StopsTheReplay_NamingIt_AndTheReaderThreadWithIt(bool staged)
    {
        // A journal whose checksums hold but whose inputs go back in time: the engine refuses the input on the
        // publishing thread while the reader thread, far ahead, waits for room; both stop, and the refusal is what is
        // thrown. Staged, the verifier runs on a stage thread still writing the replay's own journal: it is stopped
        // before that journal is left unsealed.
        var dir = Rewrite(records =>
        {
            int half = records.Length / 2;
            int i = Array.FindIndex(records, half, r => r.Source == SourceId.Feed && r.TimeNs > records[0].TimeNs);
            records[i].TimeNs = records[0].TimeNs - 1;
            return i;
        });
        var outDir = Path.Combine(Path.GetTempPath(), $"qps-replay-out-{Guid.NewGuid():N}");
        try
        {
            var options = new ReplayVerifier.Options { Topology = staged ? Topology.Staged : Topology.Fused, JournalOut = outDir };
            var e = Assert.Throws<ArgumentException>(() => ReplayVerifier.Run(dir, options));
            Assert.Contains("earlier than the previous input", e.Message);
            // Left as a crash leaves it: readable up to where it stopped, not sealed, its lock released.
            var reader = JournalReader.Open(outDir);
            reader.Read(_ => { });
            Assert.False(reader.Complete);
        }
        finally
        {
            Directory.Delete(dir, true);
            if (Directory.Exists(outDir))
                Directory.Delete(outDir, true);
        }
    }

    [Fact]
    public void ADroppedDerivedRecord_Fails_AtItsSequence()
    {
        long sequence = -1;
        var dir = Rewrite(records =>
        {
            // Drop the first fill and renumber what follows: a consistent journal that lacks one record.
            int i = Array.FindIndex(records, r => r.Kind == RecordKind.Fill);
            sequence = records[i].Sequence;
            var shorter = records.Where((_, k) => k != i).ToArray();
            for (int k = i; k < shorter.Length; k++)
                shorter[k].Sequence--;
            return shorter;
        });
        try
        {
            var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
            Assert.False(r.Pass);
            var d = Assert.IsType<Divergence>(r.FirstDivergence);
            Assert.Equal(sequence, d.Sequence);
            // The replay has the fill where the journal has the group's next record, or nothing (then the count differs).
            Assert.Contains(d.Field, new[] { "Kind", "record count" });
            Assert.Contains("Fill", d.Actual);
            Assert.Equal(r.LiveRecords + 1, r.ReplayRecords);
            Assert.Equal(JournalFixture.Digest(journal.RawStream), r.ReplayDigest);
            Assert.Equal(JournalFixture.Digest(JournalFixture.ReadRaw(dir)), r.LiveDigest);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ChangedAlphaParameter_FailsAtTheFirstDifferingSignal()
    {
        var settings = journal.Manifest.Settings with { Pairs = journal.Manifest.Settings.Pairs with { EntryZ = 2.5 } };
        var r = ReplayVerifier.Run(journal.Directory, new ReplayVerifier.Options { SettingsOverride = settings });
        Assert.False(r.Pass);
        var d = Assert.IsType<Divergence>(r.FirstDivergence);
        Assert.Equal("Signal", d.Kind);
        // Every record before it matched: the divergence is the first pairs signal whose decision the change moved.
        var records = MemoryMarshal.Cast<byte, Record>(journal.RawStream);
        Assert.Equal(RecordKind.Signal, records[(int)d.Sequence].Kind);
        Assert.False(r.Lines.Single(l => l.Name == "pairs").PnlMatch && r.Lines.Single(l => l.Name == "pairs").TradesMatch);
        Assert.True(r.Lines.Single(l => l.Name == "breakout").TradesMatch);
    }

    [Fact]
    public void RepairedTornTail_ReplaysToPass_OnThePrefix()
    {
        var rng = new Random(7); // test sampling only
        for (int run = 0; run < 6; run++)
        {
            var dir = Directory.CreateTempSubdirectory("qps-prefix-").FullName;
            try
            {
                foreach (var f in Directory.GetFiles(journal.Directory, "*.lz4"))
                    File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
                var last = Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).Last();
                long length = new FileInfo(last).Length;
                using (var fs = new FileStream(last, FileMode.Open))
                    fs.SetLength(200 + rng.NextInt64(length - 300)); // a crash somewhere in the last segment
                var repaired = JournalRepair.Repair(dir);
                Assert.NotNull(repaired.Tail);
                var r = ReplayVerifier.Run(dir, new ReplayVerifier.Options());
                Assert.True(r.Matched, $"cut run {run}: {r.FirstDivergence}");
                Assert.Equal("PARTIAL", r.Verdict);
                Assert.False(r.Sealed);
                Assert.Equal(repaired.RecordsKept, r.LiveRecords);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
