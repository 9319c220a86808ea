using System.Text.Json;
using QpsFast.Engine.Pipeline;
using QpsFast.Perf.Journal;

namespace QpsFast.Cli.Bench;

/// <summary><c>qps bench journal</c>.</summary>
internal static class JournalBench
{
    public static int Run(EngineSettings settings, long records, int repeats, string? jsonPath, TextWriter o)
    {
        using var w = new JournalWorkload(settings: settings);
        o.WriteLine($"qps bench journal: the record stream of a default synthetic run ({w.StreamRecords:N0} records, {w.Inputs:N0} inputs), written {records:N0} records x {repeats}");
        var writeRps = new double[repeats];
        var decodeGbps = new double[repeats];
        var verifyEps = new double[repeats];
        double fraction = 0;
        long gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        // Verification first: it keeps both cores busy, so it runs before the writes leave the kernel writing back and
        // deleting hundreds of MB (which took a core from some runs: 7.8M against 11M events/s).
        w.Verify(); // warm-up
        for (int r = 0; r < repeats; r++)
        {
            var verify = w.Verify();
            if (!verify.Pass)
                throw new InvalidOperationException($"replay verification failed: {verify.FirstDivergence}");
            verifyEps[r] = verify.Inputs / verify.Elapsed.TotalSeconds;
        }
        w.Write(Math.Min(records, 2_000_000)); // warm-up
        for (int r = 0; r < repeats; r++)
        {
            var (elapsed, bytes, dir) = w.Write(records);
            writeRps[r] = records / elapsed.TotalSeconds;
            fraction = (double)bytes / (records * 64);
            var (decodeElapsed, decoded) = JournalWorkload.Decode(dir);
            decodeGbps[r] = decoded * 64 / decodeElapsed.TotalSeconds / 1e9;
            Directory.Delete(dir, true);
        }
        long gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore;
        double write = RingBenchResult.Median(writeRps), decode = RingBenchResult.Median(decodeGbps), verifyMedian = RingBenchResult.Median(verifyEps);
        double recordsPerInput = (double)w.StreamRecords / w.Inputs;
        o.WriteLine($"  write      {write / 1e6:F2}M records/s = {write * 64 / 1e6:F0} MB/s raw (batches of 256, a flush each, fsync every 8 MiB)");
        o.WriteLine($"  size       {fraction:F3} of raw");
        o.WriteLine($"  decode     {decode:F2} GB/s of records (data frames read through a 1 MiB window, every checksum verified)");
        o.WriteLine($"  verify     {verifyMedian / 1e6:F2}M input events/s = {verifyMedian * recordsPerInput / 1e6:F2}M journal records/s (full replay, fused)");
        o.WriteLine($"  gc_count {gcs} over the runs (setup and replay pipelines allocate; the write and decode paths do not)");
        var machine = MachineInfo.Current();
        o.WriteLine($"  machine    {machine}");
        if (jsonPath is not null)
        {
            AtomicFile.Write(jsonPath, stream =>
            {
                using var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                j.WriteStartObject();
                j.WriteString("bench", "journal");
                j.WriteString("date", DateTimeOffset.UtcNow.ToString("O"));
                j.WriteNumber("records", records);
                j.WriteString("config_hash", $"{settings.Hash():x16}");
                j.WriteNumber("repeats", repeats);
                j.WriteNumber("write_records_per_second", Math.Round(write));
                j.WriteNumber("write_mb_per_second", Math.Round(write * 64 / 1e6, 1));
                j.WriteNumber("compressed_fraction", Math.Round(fraction, 4));
                j.WriteNumber("decode_gb_per_second", Math.Round(decode, 3));
                j.WriteNumber("verify_events_per_second", Math.Round(verifyMedian));
                j.WriteNumber("verify_records_per_second", Math.Round(verifyMedian * recordsPerInput));
                j.WriteString("machine", machine.ToString());
                j.WriteEndObject();
            });
            o.WriteLine($"  json       {Path.GetFullPath(jsonPath)}");
        }
        return ExitCodes.Ok;
    }
}
