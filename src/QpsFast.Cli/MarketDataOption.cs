using System.CommandLine;
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

    public Option<string> Speed { get; } = new("--speed") { Description = "max, realtime, or Nx (N times event time).", DefaultValueFactory = _ => "max" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Days);
        command.Options.Add(Symbols);
        command.Options.Add(Seed);
        command.Options.Add(Speed);
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
    public bool TryLoad(ParseResult parse, out Record[] records, out IReadOnlyList<string> names, out long seed) =>
        TryLoad(parse.GetValue(Data)!, parse.GetValue(Days), parse.GetValue(Symbols), parse.GetValue(Seed), out records, out names, out seed);

    /// <summary>Loads the data of the option values given; writes the problem and returns false when it cannot.</summary>
    public static bool TryLoad(string[] sources, int days, int symbols, long syntheticSeed, out Record[] records, out IReadOnlyList<string> names, out long seed)
    {
        records = [];
        names = [];
        seed = 0;
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
