using System.CommandLine;
using System.Diagnostics;
using QpsFast.Data.Catalog;
using QpsFast.Data.Readers;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps import</c>: market data into a catalog (record files by symbol and day).</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var sources = new Argument<string[]>("sources") { Description = "Files and folders, in any format qps live --data reads.", Arity = ArgumentArity.OneOrMore };
        var catalog = new Option<string>("--catalog") { Description = "The catalog folder (created if need be).", Required = true };
        var cmd = new Command("import", """
            Imports market data into a catalog: record files partitioned by symbol and UTC day, with catalog.json (symbols, partitions, time ranges, counts, digests, imported sources). A source already imported (by content) changes nothing; a bad row stops the import with file, line, column and value, and writes nothing.
            Example: qps import ../shared/data/fxcm --catalog data/catalog ; qps live --catalog data/catalog --symbol gbpusd-m1-bid-2012
            """)
        {
            sources, catalog,
        };
        cmd.SetAction(parse =>
        {
            string dir = parse.GetValue(catalog)!;
            if (Sessions.OutputFolderProblem("--catalog", dir) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.BadUsage;
            }
            var paths = parse.GetValue(sources)!;
            long bytes = paths.Sum(p => Directory.Exists(p) ? Directory.GetFiles(p).Sum(f => new FileInfo(f).Length) : File.Exists(p) ? new FileInfo(p).Length : 0);
            var clock = Stopwatch.StartNew();
            CatalogImporter.Result result;
            var bar = new ProgressBar(Console.Error, clock, "files");
            try
            {
                result = CatalogImporter.Import(dir, paths, (done, total, records) => bar.Report(done, total, records));
                bar.Finish();
            }
            catch (Exception e) when (e is DataFormatException or FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
            {
                bar.Finish();
                Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine("nothing was imported.");
                return e is InvalidDataException && e.Message.Contains(dir, StringComparison.Ordinal) ? ExitCodes.VerificationFailed : ExitCodes.BadUsage;
            }
            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            var m = result.Manifest;
            Console.WriteLine($"qps import: {result.Sources} source file(s), {result.Skipped} already in the catalog");
            Console.WriteLine($"  imported {result.Records:N0} records into {result.PartitionsWritten:N0} partition(s) in {seconds:F2} s ({result.Records / seconds:N0} records/s, {bytes / seconds / 1e6:F1} MB/s of input)");
            Console.WriteLine($"  catalog  {Path.GetFullPath(dir)}: {m.Symbols.Count} symbol(s), {m.Partitions.Count:N0} partition(s), {m.Partitions.Sum(p => p.Records):N0} records{(m.Partitions.Count == 0 ? "" : $", {m.Partitions.Min(p => p.Day):yyyy-MM-dd} to {m.Partitions.Max(p => p.Day):yyyy-MM-dd}")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
