using System.CommandLine;
using QpsFast.Data.Files;
using QpsFast.Data.Synthetic;

namespace QpsFast.Cli.Commands;

/// <summary><c>qps generate</c>: the deterministic synthetic market as a record file.</summary>
internal static class GenerateCommand
{
    public const string FileName = "market.qpsr";

    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Days of 24-hour trading (1,440 one-minute bars a day).", DefaultValueFactory = _ => 5 };
        var symbols = new Option<int>("--symbols") { Description = "Symbols: PAIR-A and PAIR-B (cointegrated), TREND, RANGE, then SYN4, ….", DefaultValueFactory = _ => 4 };
        var seed = new Option<long>("--seed") { Description = "PRNG seed (xoshiro256** seeded by SplitMix64).", DefaultValueFactory = _ => 42 };
        var levels = new Option<int>("--book-levels") { Description = "L2 book levels per side after each bar (5 to 20).", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--out") { Description = "Output directory; the file is <out>/market.qpsr.", DefaultValueFactory = _ => "data/generated" };
        var catalog = new Option<string?>("--catalog") { Description = "Write into this catalog instead (partitions by symbol and day, a day in memory at a time): a market larger than memory." };
        var cmd = new Command("generate", """
            Generates deterministic synthetic 1-minute bars and L2 book level updates as a record file.
            Example: qps generate --days 5 --symbols 4 --seed 42 --out data/generated
            """)
        {
            days, symbols, seed, levels, output, catalog,
        };
        cmd.SetAction(parse =>
        {
            var options = new SyntheticOptions(parse.GetValue(days), parse.GetValue(symbols), parse.GetValue(seed), parse.GetValue(levels));
            if (options.Validate() is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.BadUsage;
            }
            var market = new SyntheticMarket(options);
            var names = SyntheticMarket.NamesFor(options.Symbols);
            if (parse.GetValue(catalog) is { } dir)
            {
                if (parse.GetResult(output) is { Implicit: false })
                    return ExitCodes.Usage("--catalog replaces --out: give one");
                if (Sessions.FolderProblem("--catalog", dir, "a catalog folder") is { } catalogProblem)
                    return ExitCodes.Usage(catalogProblem);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Data.Catalog.CatalogImporter.Result result;
                try
                {
                    result = Data.Catalog.CatalogImporter.ImportStream(dir, $"synthetic days={options.Days} symbols={options.Symbols} seed={options.Seed} levels={options.BookLevels}", names, options.Seed, sink => market.Generate(sink));
                }
                catch (ArgumentException e)
                {
                    return ExitCodes.Usage(e.Message);
                }
                Console.WriteLine($"qps generate: {result.Records:N0} records into {result.PartitionsWritten:N0} partitions of {Path.GetFullPath(dir)} in {clock.Elapsed.TotalSeconds:F1} s{(result.Skipped > 0 ? " (already in the catalog: nothing written)" : "")}");
                return ExitCodes.Ok;
            }
            var path = Path.Combine(parse.GetValue(output)!, FileName);
            var header = RecordFile.Write(path, names, options.Seed, sink => market.Generate(sink));
            Console.WriteLine($"qps generate: {header.RecordCount:N0} records ({options.Days} days x {options.Symbols} symbols: 1m bars + {options.BookLevels}-level book), seed {options.Seed}");
            Console.WriteLine($"  symbols  {string.Join(", ", names)}");
            Console.WriteLine($"  digest   {header.Digest:x16} (XxHash64 of the record stream)");
            Console.WriteLine($"  file     {Path.GetFullPath(path)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
