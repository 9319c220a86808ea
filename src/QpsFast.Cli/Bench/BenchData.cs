using System.CommandLine;
using QpsFast.Engine.Records;

namespace QpsFast.Cli.Bench;

/// <summary>
/// <c>--catalog DIR [--symbol …] [--from …] [--to …]</c> for the pipeline benches: the selection is loaded into memory
/// once and cycled (times shifted by whole spans) in place of the synthetic market, so the engine runs on the user's
/// own data. Streaming a catalog larger than memory is <c>qps live --catalog</c>; its read speed is <c>qps bench catalog</c>.
/// </summary>
internal sealed record BenchData(string Source, IReadOnlyList<string> Names, Record[] Records)
{
    public (IReadOnlyList<string>, Record[]) Value => (Names, Records);

    /// <summary>
    /// The inputs the data gives before its shifted times pass what 64-bit ns can hold (the year 2262): a selection
    /// spanning years cycles only a few times.
    /// </summary>
    public long Capacity
    {
        get
        {
            long first = Records[0].TimeNs, last = Records[^1].TimeNs;
            long span = last - first + 60_000_000_000;
            long cycles = 1 + (long.MaxValue - last) / span;
            return cycles > long.MaxValue / Records.Length ? long.MaxValue : cycles * Records.Length;
        }
    }

    /// <summary>Writes the problem and returns false when <paramref name="inputs"/> do not fit in <see cref="Capacity"/>.</summary>
    public bool Fits(long inputs)
    {
        if (inputs <= Capacity)
            return true;
        double days = (Records[^1].TimeNs - Records[0].TimeNs) / 86_400e9;
        Console.Error.WriteLine($"error: the {Source} selection ({Records.Length:N0} records over {days:N1} days) gives at most {Capacity:N0} inputs before its cycled times pass the year 2262, and this run needs {inputs:N0}: select a shorter --from/--to or fewer --events");
        return false;
    }

    public string Describe() => $"{Source}: {Records.Length:N0} records, {Names.Count} symbol(s), cycled";

    /// <summary>Adds the catalog options to <paramref name="command"/>.</summary>
    public static MarketDataOption AddOptions(Command command)
    {
        var md = new MarketDataOption();
        md.Catalog.Description = "Run on a catalog's data (qps import … --catalog DIR), loaded once and cycled, instead of the synthetic market.";
        command.Options.Add(md.Catalog);
        command.Options.Add(md.CatalogSymbols);
        command.Options.Add(md.From);
        command.Options.Add(md.To);
        return md;
    }

    /// <summary>The selection the options name (null without --catalog); false, with the problem written, when it cannot be read.</summary>
    public static bool TryLoad(ParseResult parse, MarketDataOption md, out BenchData? data)
    {
        data = null;
        if (!md.TryCatalog(parse, out var selection))
            return false;
        if (selection is null)
            return true;
        if (!MarketDataOption.TryLoad([selection.ToString()], 0, 0, 0, out var records, out var names, out _))
            return false;
        data = new BenchData($"catalog {selection.Directory}", names, records);
        return true;
    }
}
