using System.CommandLine;
using QpsFast.Data.Catalog;
using QpsFast.Data.Readers;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Records;

namespace QpsFast.Cli;

/// <summary>
/// The market-data options of the verbs that read data (<c>live</c>, <c>venue</c>): <c>--data</c> with the
/// synthetic generator's <c>--days --symbols --seed</c>, and <c>--speed</c>.
/// </summary>
internal sealed class MarketDataOption
{
    public Option<string[]> Data { get; } = new("--data") { Description = "'synthetic' (generated on the fly), or files and folders: record files (*.qpsr), OHLCV CSV, Binance klines or depth, Tardis book snapshots, LEAN zips.", DefaultValueFactory = _ => ["synthetic"], AllowMultipleArgumentsPerToken = true };

    public Option<int> Days { get; } = new("--days") { Description = "Synthetic data: days.", DefaultValueFactory = _ => 5 };

    public Option<int> Symbols { get; } = new("--symbols") { Description = "Synthetic data: symbols.", DefaultValueFactory = _ => 4 };

    public Option<long> Seed { get; } = new("--seed") { Description = "Synthetic data: seed.", DefaultValueFactory = _ => 42 };

    public Option<string?> Catalog { get; } = new("--catalog") { Description = "Read the data from a catalog (qps import … --catalog DIR) instead of --data: streamed by qps live, loaded by the others." };

    public Option<string[]> CatalogSymbols { get; } = new("--symbol") { Description = "With --catalog: a symbol to read (repeat; default all). They get ids 0, 1, … in the catalog's order.", AllowMultipleArgumentsPerToken = true };

    public Option<string?> From { get; } = new("--from") { Description = "With --catalog: the first time to read (ISO 8601, UTC unless an offset is given; a date means its 00:00)." };

    public Option<string?> To { get; } = new("--to") { Description = "With --catalog: read up to this time, not including it." };

    public Option<string> Speed { get; } = new("--speed") { Description = "max, realtime, or Nx (N times event time).", DefaultValueFactory = _ => "max" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Days);
        command.Options.Add(Symbols);
        command.Options.Add(Seed);
        command.Options.Add(Speed);
        command.Options.Add(Catalog);
        command.Options.Add(CatalogSymbols);
        command.Options.Add(From);
        command.Options.Add(To);
    }

    /// <summary>
    /// Returns the catalog selection the options name, or null without <c>--catalog</c>; writes the problem and returns
    /// false when they do not make one (with <c>--data</c> or the synthetic options, or a bad time).
    /// </summary>
    public bool TryCatalog(ParseResult parse, out CatalogSelection? selection)
    {
        selection = null;
        string? dir = parse.GetValue(Catalog);
        bool filters = parse.GetResult(CatalogSymbols) is { Implicit: false } || parse.GetValue(From) is not null || parse.GetValue(To) is not null;
        if (dir is null)
        {
            if (filters)
                Console.Error.WriteLine("error: --symbol, --from and --to select from a --catalog DIR");
            return !filters;
        }
        if (parse.GetResult(Data) is { Implicit: false } || parse.GetResult(Days) is { Implicit: false } || parse.GetResult(Symbols) is { Implicit: false } || parse.GetResult(Seed) is { Implicit: false })
        {
            Console.Error.WriteLine("error: --catalog is the data: drop --data, --days, --symbols and --seed");
            return false;
        }
        long from = long.MinValue, to = long.MaxValue;
        foreach (var (option, value) in new[] { ("--from", parse.GetValue(From)), ("--to", parse.GetValue(To)) })
        {
            if (value is null)
                continue;
            if (!TimeParsing.TryParseTimestamp(value, out long ns))
            {
                Console.Error.WriteLine($"error: {option} '{value}': not an ISO 8601 time or Unix epoch within {TimeParsing.Range}");
                return false;
            }
            if (option == "--from") from = ns; else to = ns;
        }
        if (from >= to)
        {
            Console.Error.WriteLine($"error: --from must be before --to");
            return false;
        }
        selection = new CatalogSelection(dir, [.. (parse.GetValue(CatalogSymbols) ?? []).SelectMany(s => s.Split(',')).Select(s => s.Trim()).Where(s => s.Length > 0)], from, to);
        return true;
    }

    /// <summary>Returns whether the user gave any of the data options (not their defaults).</summary>
    public bool AnyGiven(ParseResult parse) =>
        parse.GetResult(Data) is { Implicit: false } || parse.GetResult(Days) is { Implicit: false } || parse.GetResult(Symbols) is { Implicit: false }
        || parse.GetResult(Seed) is { Implicit: false } || parse.GetResult(Speed) is { Implicit: false };

    /// <summary>Reads <c>--speed</c>: 0 for max; writes the problem and returns false when it is not one.</summary>
    public bool TryParseSpeed(ParseResult parse, out double pace)
    {
        string text = parse.GetValue(Speed)!;
        pace = 0;
        if (text == "max")
            return true;
        if (text == "realtime")
        {
            pace = 1;
            return true;
        }
        if (text.EndsWith('x') && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out pace) && pace > 0 && double.IsFinite(pace))
            return true;
        Console.Error.WriteLine($"error: --speed must be max, realtime or Nx with N > 0 (got '{text}')");
        return false;
    }

    /// <summary>Loads the data the options name; writes the problem and returns false when it cannot.</summary>
    public bool TryLoad(ParseResult parse, out Record[] records, out IReadOnlyList<string> names, out long seed)
    {
        (records, names, seed) = ([], [], 0);
        if (!TryCatalog(parse, out var selection))
            return false;
        return TryLoad(selection is null ? parse.GetValue(Data)! : [selection.ToString()], parse.GetValue(Days), parse.GetValue(Symbols), parse.GetValue(Seed), out records, out names, out seed);
    }

    /// <summary>Returns the <c>--data</c> values a run records (the catalog selection as one source when <c>--catalog</c> is given).</summary>
    public string[] Sources(ParseResult parse) =>
        TryCatalog(parse, out var selection) && selection is not null ? [selection.ToString()] : parse.GetValue(Data)!;

    /// <summary>Loads the data of the option values given; writes the problem and returns false when it cannot.</summary>
    public static bool TryLoad(string[] sources, int days, int symbols, long syntheticSeed, out Record[] records, out IReadOnlyList<string> names, out long seed)
    {
        records = [];
        names = [];
        seed = 0;
        if (sources is [var only] && CatalogSelection.TryParse(only, out var catalog))
        {
            try
            {
                var (symbolNames, all, catalogSeed) = catalog.ReadAll();
                (records, names, seed) = (all, symbolNames, catalogSeed);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return false;
            }
            if (records.Length == 0)
            {
                Console.Error.WriteLine("error: the catalog selection holds no records");
                return false;
            }
            return true;
        }
        if (sources is ["synthetic"])
        {
            var options = new SyntheticOptions(days, symbols, syntheticSeed);
            if (options.Validate() is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return false;
            }
            var list = new List<Record>((int)new SyntheticMarket(options).RecordCount);
            new SyntheticMarket(options).Generate(chunk => list.AddRange(chunk));
            records = [.. list];
            names = SyntheticMarket.NamesFor(options.Symbols);
            seed = options.Seed;
            return true;
        }
        try
        {
            var loaded = MarketDataLoader.Load(sources);
            records = loaded.Records;
            names = loaded.Symbols;
            seed = loaded.Seed;
        }
        catch (Exception e) when (e is DataFormatException or InvalidDataException or FileNotFoundException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("nothing was published.");
            return false;
        }
        if (records.Length == 0)
        {
            Console.Error.WriteLine("error: the data holds no records");
            return false;
        }
        return true;
    }
}
