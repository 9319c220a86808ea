using System.Runtime.InteropServices;
using CsCheck;
using QpsFast.Engine.Records;
using Xunit.Abstractions;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Journal.Tests;

/// <summary>
/// Fuzzing the journal (issue 12, item 9): bytes and segments corrupted, truncated, reordered, duplicated and deleted
/// at random. Properties: reading never crashes (a named <see cref="JournalCorruptException"/> or a result), never
/// yields a record that was not written, and never calls a damaged journal complete; repair never changes a journal
/// it refuses, and never loses a record the reader could read before it.
/// </summary>
/// <remarks>
/// CI runs a fixed set of cases (PCG seeds 0..N−1 per category, N = 60); <c>QPS_FUZZ_CASES=5000</c> runs more, and
/// <c>QPS_FUZZ_RANDOM=1</c> takes fresh seeds (printed on failure).
/// </remarks>
public sealed class JournalFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<(string Dir, Record[] Records)> s_complete = new(() => BuildBase(crashed: false));
    private static readonly Lazy<(string Dir, Record[] Records)> s_crashed = new(() => BuildBase(crashed: true));
    private readonly List<string> _dirs = [];

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("QPS_FUZZ_CASES"), out int n) && n > 0 ? n : 60;

    /// <summary>
    /// A journal of 6,150 records in small frames (50 records) and small segments (8 KiB): eleven segments; ended by
    /// its writer, or <paramref name="crashed"/>: left as a crash leaves it (the last segment unsealed).
    /// </summary>
    private static (string, Record[]) BuildBase(bool crashed)
    {
        var dir = Directory.CreateTempSubdirectory("qps-fuzz-base-").FullName;
        var records = new Record[6_150]; // ten full segments of 600 and a last one of 150
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = new Record { Sequence = i, TimeNs = 60_000_000_000L * (i / 11), Kind = i % 7 == 0 ? RecordKind.Bar : RecordKind.Trade, Symbol = (ushort)(i % 4), Source = (byte)(i % 5 == 0 ? 1 : 0) };
            records[i].Bar.Close = 100_000_000L + i * 37 % 1000;
        }
        var w = new JournalWriter(new JournalOptions { Directory = dir, Framing = Framing.EndOfBatch, MaxSegmentBytes = 8 * 1024 });
        for (int i = 0; i < records.Length; i += 50)
        {
            w.Append(records.AsSpan(i, 50));
            w.Flush();
        }
        if (crashed)
            w.Abandon();
        else
            w.Dispose();
        return (dir, records);
    }

    public enum Damage { BitFlip, Truncate, DeleteSegment, DuplicateSegment, ReorderSegments, OverwriteRange, AppendGarbage }

    /// <summary>One damage: which segment (the last when <paramref name="Length"/> is even), where (a fraction of its length), and what.</summary>
    public sealed record Case(Damage Damage, int Segment, double Position, int Bit, int Length, int Other, byte[] Bytes);

    private static Gen<Case> CaseOf(Damage damage) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Double[0, 1], Gen.Int[0, 7], Gen.Int[1, 300], Gen.Int[0, 1000], Gen.Byte.Array[1, 64])
            .Select((segment, position, bit, length, other, bytes) => new Case(damage, segment, position, bit, length, other, bytes));

    private string Copy(string from)
    {
        var to = Directory.CreateTempSubdirectory("qps-fuzz-").FullName;
        _dirs.Add(to);
        foreach (var f in Directory.GetFiles(from, "*.lz4"))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return to;
    }

    private static string[] Segments(string dir) => Directory.GetFiles(dir, "*.lz4").Order(StringComparer.Ordinal).ToArray();

    private static void Apply(string dir, Case c)
    {
        var segments = Segments(dir);
        // Half the cases hit the last segment (where a crash leaves an unsealed tail), half any segment.
        string target = c.Length % 2 == 0 ? segments[^1] : segments[c.Segment % segments.Length];
        var bytes = File.ReadAllBytes(target);
        int at = (int)(c.Position * (bytes.Length - 1));
        switch (c.Damage)
        {
            case Damage.BitFlip:
                bytes[at] ^= (byte)(1 << c.Bit);
                File.WriteAllBytes(target, bytes);
                break;
            case Damage.Truncate:
                File.WriteAllBytes(target, bytes[..at]);
                break;
            case Damage.DeleteSegment:
                File.Delete(target);
                break;
            case Damage.DuplicateSegment:
                // Another segment's bytes under this one's name (a substitution), or as an extra file after the last.
                var other = segments[c.Other % segments.Length];
                if (other == target)
                    other = segments[(c.Other + 1) % segments.Length];
                if (c.Bit % 2 == 0)
                    File.Copy(other, target, overwrite: true);
                else
                    File.Copy(other, Path.Combine(dir, JournalDescriptor.SegmentFileName("records", 1_000_000 + c.Other)));
                break;
            case Damage.ReorderSegments:
                var swap = segments[c.Other % segments.Length];
                if (swap == target)
                    swap = segments[(c.Other + 1) % segments.Length];
                var a = File.ReadAllBytes(swap);
                File.WriteAllBytes(swap, bytes);
                File.WriteAllBytes(target, a);
                break;
            case Damage.OverwriteRange:
                c.Bytes.AsSpan(0, Math.Min(c.Bytes.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                File.WriteAllBytes(target, bytes);
                break;
            case Damage.AppendGarbage:
                File.WriteAllBytes(segments[^1], [.. File.ReadAllBytes(segments[^1]), .. c.Bytes]);
                break;
        }
    }

    private static Dictionary<string, byte[]> Snapshot(string dir) => Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    /// <summary>Reads the journal: the records (checked against what was written), or null when it is refused as damaged.</summary>
    private static (long Count, bool Complete)? Read(string dir, Record[] written)
    {
        try
        {
            var reader = JournalReader.Open(dir);
            long count = 0;
            reader.Read(frame =>
            {
                foreach (ref readonly var r in frame)
                {
                    // Never a record that was not written: each one read is the written record of its sequence.
                    Assert.True(r.Sequence == count && count < written.Length, $"record {count} read with sequence {r.Sequence}");
                    Assert.True(MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in r)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in written[count]))), $"record {count} differs from the one written");
                    count++;
                }
            });
            return (count, reader.Complete);
        }
        catch (JournalCorruptException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Segment));
            return null;
        }
    }

    public static TheoryData<Damage, bool> Categories()
    {
        var data = new TheoryData<Damage, bool>();
        foreach (var damage in Enum.GetValues<Damage>())
        {
            data.Add(damage, false);
            data.Add(damage, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void DamagedJournals_AreNeverMisread_AndRepairNeverLosesWhatItCouldKeep(Damage damage, bool crashed)
    {
        var (baseDir, written) = crashed ? s_crashed.Value : s_complete.Value;
        var gen = CaseOf(damage);
        bool random = Environment.GetEnvironmentVariable("QPS_FUZZ_RANDOM") == "1";
        ulong start = random ? (ulong)Environment.TickCount64 : 0;
        int refused = 0, prefixes = 0, whole = 0, repaired = 0, repairRefused = 0;
        for (int k = 0; k < Cases; k++)
        {
            var pcg = new PCG(7, start + (ulong)k);
            string seed = pcg.ToString();
            var c = gen.Generate(pcg, null, out _);
            var dir = Copy(baseDir);
            try
            {
                Apply(dir, c);
                var read = Read(dir, written);
                if (read is not { } r)
                {
                    refused++;
                    var before = Snapshot(dir);
                    Assert.ThrowsAny<Exception>(() => JournalRepair.Repair(dir)); // the same damage: repair refuses too
                    Assert.Equal(before.Keys.Where(n => n.EndsWith(".lz4", StringComparison.Ordinal)).Order(), Snapshot(dir).Keys.Where(n => n.EndsWith(".lz4", StringComparison.Ordinal)).Order());
                    foreach (var (name, bytes) in before)
                        Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))), $"repair changed {name} of a journal it refused");
                    continue;
                }
                if (r.Complete)
                {
                    // A journal read as complete holds every record written, unchanged.
                    Assert.Equal(written.Length, r.Count);
                    whole++;
                }
                else
                {
                    prefixes++;
                }
                try
                {
                    var result = JournalRepair.Repair(dir);
                    repaired++;
                    var after = Read(dir, written);
                    Assert.NotNull(after);
                    Assert.Equal(r.Count, after.Value.Count); // nothing the reader could read was lost by repair
                    Assert.Equal(r.Count, result.RecordsKept);
                }
                catch (RepairRefusedException e)
                {
                    repairRefused++;
                    Assert.True(e.ValidBeyond.Frames > 0);
                    var forced = JournalRepair.Repair(dir, force: true);
                    Assert.True(File.Exists(forced.Salvage), "a forced cut keeps the bytes");
                    Assert.Equal(r.Count, Read(dir, written)!.Value.Count);
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{damage} ({(crashed ? "crashed" : "complete")}) case {k} (PCG seed {seed}: {c}) crashed: {e.GetType().Name}: {e.Message}", e);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new InvalidOperationException($"{damage} ({(crashed ? "crashed" : "complete")}) case {k} (PCG seed {seed}: {c}): {e.Message}", e);
            }
        }
        output.WriteLine($"{damage} of a {(crashed ? "crashed" : "complete")} journal: {Cases} cases: {refused} refused as damaged (repair refused too, files unchanged), {prefixes} read as an incomplete prefix, {whole} read whole and complete; repair kept every readable record in {repaired}, refused {repairRefused} without --force (cut with it, bytes kept); 0 crashes, 0 accepted corruptions, 0 lost records");
    }

    public void Dispose()
    {
        foreach (var d in _dirs)
            Directory.Delete(d, recursive: true);
    }
}
