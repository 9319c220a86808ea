using System.Diagnostics;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

public sealed class JournalRoundTripTests(JournalFixture journal) : IClassFixture<JournalFixture>
{
    [Fact]
    public void Reader_ReadsBackEveryRecordInOrder_WithThePipelinesDigest()
    {
        Assert.True(journal.Segments >= 3, $"{journal.Segments} segments");
        var reader = JournalReader.Open(journal.Directory);
        long count = 0;
        reader.Read(records => count += records.Length);
        Assert.Equal(journal.Stats.Digest.Count, count);
        Assert.Equal(journal.Stats.Digest.Value, JournalFixture.Digest(journal.RawStream));
        Assert.Null(reader.TornTail);
        Assert.Equal(journal.Segments, reader.SealedSegments);
        Assert.Equal(journal.Manifest.ToJson(), reader.Configuration);
        Assert.Equal(count - 1, reader.LastSequence);
        // Compression: well under raw size on this stream.
        Assert.True(journal.BytesWritten < journal.RawStream.Length / 2, $"{journal.BytesWritten} bytes for {journal.RawStream.Length} raw");
    }

    [Fact]
    public void JournaledStatistics_TakeTheWritersDigest_AndMatchTheSameRunWithoutAJournal()
    {
        // The journaled run's statistics do not hash the records themselves: their digest is the writer's.
        var inputs = new List<Record>();
        new QpsFast.Data.Synthetic.SyntheticMarket(new QpsFast.Data.Synthetic.SyntheticOptions(Days: 1)).Generate(c => inputs.AddRange(c));
        var own = QpsFast.Replay.SessionRunner.Run(new QpsFast.Replay.SessionPlan { Manifest = journal.Manifest }, inputs.ToArray()).Stats;
        Assert.Equal(own.Digest.Value, journal.Stats.Digest.Value);
        Assert.Equal(own.Digest.Count, journal.Stats.Digest.Count);
        Assert.Equal(own.Inputs, journal.Stats.Inputs);
        Assert.Equal(own.Derived, journal.Stats.Derived);
        Assert.Equal(own.CountOf(RecordKind.Fill), journal.Stats.CountOf(RecordKind.Fill));
    }

    [Fact]
    public void SegmentFiles_AreNamedByStreamAndFirstSequence()
    {
        var names = journal.SegmentPaths.Select(Path.GetFileName).ToArray();
        Assert.Equal("records-00000000000000000000.lz4", names[0]);
        var records = MemoryMarshal.Cast<byte, Record>(journal.RawStream);
        foreach (var name in names)
        {
            long first = long.Parse(name!["records-".Length..^4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(first, records[(int)first].Sequence);
        }
    }

    private static bool HaveLz4() => File.Exists("/usr/bin/lz4") || File.Exists("/usr/local/bin/lz4");

    private static byte[] Lz4Decode(string shellInput)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(shellInput);
        using var p = Process.Start(psi)!;
        var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"'{shellInput}' exited {p.ExitCode}: {err}");
        return ms.ToArray();
    }

    [SkippableFact]
    public void StockLz4Tool_DecodesEachSegment_AndAllOfThemConcatenated_ToExactlyTheRecordStream()
    {
        // CI installs lz4 (.ci/run); elsewhere the test needs it too, unless it is simply absent from a dev box.
        Skip.If(!HaveLz4() && Environment.GetEnvironmentVariable("CI") != "true", "lz4 is not installed");
        Assert.True(HaveLz4(), "lz4 must be installed in CI");
        var all = new MemoryStream();
        foreach (var segment in journal.SegmentPaths)
        {
            var decoded = Lz4Decode($"lz4 -dc '{segment}'");
            Assert.Equal(0, decoded.Length % RecordDescriptor.Size);
            all.Write(decoded);
        }
        Assert.Equal(journal.RawStream, all.ToArray());
        var concatenated = Lz4Decode($"cat {string.Join(' ', journal.SegmentPaths.Select(p => $"'{p}'"))} | lz4 -dc");
        Assert.Equal(journal.RawStream, concatenated);
    }

    [Fact]
    public void Writer_RefusesASequenceGap()
    {
        var dir = Directory.CreateTempSubdirectory("qps-gap-").FullName;
        try
        {
            using var w = new JournalWriter(new JournalOptions { Directory = dir });
            w.Append([new Record { Sequence = 0 }, new Record { Sequence = 1 }]);
            var e = Assert.Throws<InvalidDataException>(() => w.Append([new Record { Sequence = 3 }]));
            Assert.Contains("3 does not follow 1", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Writer_RefusesToOverwriteAnExistingJournal()
    {
        var e = Assert.Throws<IOException>(() => new JournalWriter(new JournalOptions { Directory = journal.Directory }));
        Assert.Contains("already holds", e.Message);
    }
}
