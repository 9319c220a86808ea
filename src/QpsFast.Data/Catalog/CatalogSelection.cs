using System.Globalization;

namespace QpsFast.Data.Catalog;

/// <summary>
/// What to read from a catalog: its folder, the symbols (all when empty) and a time range [from, to). Written as one
/// data source string (<c>catalog:DIR|SYM,SYM|FROM_NS|TO_NS</c>) where a run records its data (a sweep's
/// <c>sweep.json</c>), so that a re-run or a silo reads the same selection.
/// </summary>
public sealed record CatalogSelection(string Directory, IReadOnlyList<string> Symbols, long FromNs = long.MinValue, long ToNs = long.MaxValue)
{
    private const string Prefix = "catalog:";

    /// <summary>Returns the selection as one data source string.</summary>
    public override string ToString() =>
        $"{Prefix}{Directory}|{string.Join(',', Symbols)}|{FromNs.ToString(CultureInfo.InvariantCulture)}|{ToNs.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a data source string written by <see cref="ToString"/>; false for any other source.</summary>
    public static bool TryParse(string source, out CatalogSelection selection)
    {
        selection = new CatalogSelection("", []);
        if (!source.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var parts = source[Prefix.Length..].Split('|');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long from)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long to))
            return false;
        selection = new CatalogSelection(parts[0], parts[1].Length == 0 ? [] : parts[1].Split(','), from, to);
        return true;
    }

    /// <summary>Opens the selection.</summary>
    /// <exception cref="InvalidDataException">No catalog there, or a damaged manifest.</exception>
    /// <exception cref="ArgumentException">A symbol the catalog does not have.</exception>
    public CatalogReader Open() => CatalogReader.Open(Directory, Symbols, FromNs, ToNs);

    /// <summary>Reads the whole selection into memory (for runs that need an array: a sweep's shared data).</summary>
    public (string[] Symbols, Engine.Records.Record[] Records, long Seed) ReadAll()
    {
        var reader = Open();
        var records = new List<Engine.Records.Record>(checked((int)Math.Min(reader.Count, int.MaxValue)));
        reader.Read(chunk => records.AddRange(chunk));
        return (reader.Symbols, [.. records], reader.Manifest.Seed);
    }
}
