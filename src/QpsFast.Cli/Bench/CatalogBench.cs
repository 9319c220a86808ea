using System.CommandLine;
using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using QpsFast.Data.Catalog;

namespace QpsFast.Cli.Bench;

/// <summary>
/// <c>qps bench catalog</c>: how fast a catalog streams (the k-way merge of memory-mapped partitions, every record
/// handed over in chunks) against a plain page-cache read of the same partition files (each memory-mapped and summed
/// 8 bytes at a time), alternating, in one sitting.
/// </summary>
internal static class CatalogBench
{
    public static Command Create()
    {
        var catalog = new Option<string>("--catalog") { Description = "The catalog to scan.", Required = true };
        var repeats = new Option<int>("--repeats") { Description = "Rounds, each a page-cache read then a catalog scan (1..20).", DefaultValueFactory = _ => 3 };
        var cmd = new Command("catalog", """
            Scans a catalog (the stream qps live --catalog reads) and, alternating, reads the same partition files as plain memory-mapped sums: records/s, GB/s and their ratio.
            Example: qps bench catalog --catalog data/catalog --repeats 5
            """)
        {
            catalog, repeats,
        };
        cmd.SetAction(parse =>
        {
            int rounds = parse.GetValue(repeats);
            if (rounds is < 1 or > 20)
                return ExitCodes.Usage($"--repeats must be 1..20 (got {rounds})");
            CatalogReader reader;
            try
            {
                reader = CatalogReader.Open(parse.GetValue(catalog)!, []);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return ExitCodes.Usage(e.Message);
            }
            var files = reader.Manifest.Partitions.Select(p => Path.Combine(parse.GetValue(catalog)!, p.File)).ToArray();
            long bytes = files.Sum(f => new FileInfo(f).Length);
            long records = reader.Count;
            Console.WriteLine($"qps bench catalog: {records:N0} records in {files.Length:N0} partitions, {bytes / 1e9:F2} GB");
            var plain = new List<double>();
            var scan = new List<double>();
            long check = 0;
            for (int r = 0; r < rounds; r++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var f in files)
                    check ^= Sum(f);
                plain.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                long seen = 0, times = 0;
                reader.Read(chunk =>
                {
                    seen += chunk.Length;
                    foreach (ref readonly var rec in chunk)
                        times ^= rec.TimeNs;
                });
                scan.Add(clock.Elapsed.TotalSeconds);
                check ^= times;
                if (seen != records)
                {
                    Console.Error.WriteLine($"error: the scan streamed {seen:N0} records, the catalog says {records:N0}");
                    return ExitCodes.VerificationFailed;
                }
                Console.WriteLine($"  round {r + 1}: page-cache read {plain[^1]:F3} s, catalog scan {scan[^1]:F3} s");
            }
            double p = plain.Order().ElementAt(rounds / 2), s = scan.Order().ElementAt(rounds / 2);
            Console.WriteLine($"  page-cache read  {bytes / p / 1e9:F2} GB/s (median of {rounds})");
            Console.WriteLine($"  catalog scan     {records / s / 1e6:F1}M records/s = {records * 64.0 / s / 1e9:F2} GB/s of records (median of {rounds})");
            Console.WriteLine($"  scan / read      {p / s:F2} of the page-cache speed (check {check & 0xff})");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    // The plain reference: map the file and sum it 8 bytes at a time (every page touched once).
    private static unsafe long Sum(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0)
            return 0;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            var words = new ReadOnlySpan<long>(pointer + view.PointerOffset, checked((int)(length / 8)));
            long sum = 0;
            foreach (long w in words)
                sum += w;
            return sum;
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
