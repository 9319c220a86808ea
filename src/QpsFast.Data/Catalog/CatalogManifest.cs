using System.Globalization;
using System.Text.Json;
using QpsFast.Engine.IO;

namespace QpsFast.Data.Catalog;

/// <summary>A catalog partition: one symbol's records of one UTC day (or year, for daily bars), in a record file, in stream order.</summary>
/// <param name="Symbol">The symbol's catalog id.</param>
/// <param name="Day">The UTC day (the year's first day for a yearly partition).</param>
/// <param name="File">The record file, relative to the catalog folder.</param>
/// <param name="Records">Its records.</param>
/// <param name="FirstNs">The first record's event time.</param>
/// <param name="LastNs">The last record's event time.</param>
/// <param name="Digest">The record file's digest (XxHash64 of its records).</param>
public sealed record Partition(ushort Symbol, DateOnly Day, string File, long Records, long FirstNs, long LastNs, ulong Digest);

/// <summary>A source file imported into the catalog, by content: re-importing it changes nothing.</summary>
public sealed record ImportedSource(string Name, string Sha256);

/// <summary>
/// <c>catalog.json</c>: the catalog's symbols (their ids are their positions), partitions and imported sources
/// (schema in docs/data.md, "The catalog").
/// </summary>
/// <param name="Symbols">The symbols; their ids are their positions.</param>
/// <param name="Partitions">The partitions.</param>
/// <param name="Imports">The sources imported, by content.</param>
/// <param name="Seed">The generator seed of imported record files (else 0).</param>
/// <param name="YearlySymbols">The symbols partitioned by UTC year instead of day (daily or longer bars only, decided at their first import).</param>
public sealed record CatalogManifest(IReadOnlyList<string> Symbols, IReadOnlyList<Partition> Partitions, IReadOnlyList<ImportedSource> Imports, long Seed, IReadOnlyList<string>? YearlySymbols = null)
{
    /// <summary>The file name in a catalog folder.</summary>
    public const string FileName = "catalog.json";

    /// <summary>The schema name written in the file.</summary>
    public const string Schema = "qpsfast.catalog/1";

    /// <summary>Returns the manifest of the catalog in <paramref name="directory"/>, or an empty one if it has none yet.</summary>
    /// <exception cref="InvalidDataException">The manifest is not one qps wrote: the message names it.</exception>
    public static CatalogManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!System.IO.File.Exists(path))
            return new CatalogManifest([], [], [], 0, []);
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.GetProperty("schema").GetString() != Schema)
                throw new InvalidDataException("another schema");
            return new CatalogManifest(
                [.. root.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!)],
                [.. root.GetProperty("partitions").EnumerateArray().Select(p => new Partition((ushort)p.GetProperty("symbol").GetInt32(),
                    DateOnly.ParseExact(p.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetProperty("file").GetString()!,
                    p.GetProperty("records").GetInt64(), p.GetProperty("first_ns").GetInt64(), p.GetProperty("last_ns").GetInt64(),
                    ulong.Parse(p.GetProperty("digest").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))],
                [.. root.GetProperty("imports").EnumerateArray().Select(i => new ImportedSource(i.GetProperty("name").GetString()!, i.GetProperty("sha256").GetString()!))],
                root.GetProperty("seed").GetInt64(),
                [.. root.GetProperty("yearly_symbols").EnumerateArray().Select(s => s.GetString()!)]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a catalog manifest qps wrote ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>Writes the manifest to <paramref name="directory"/>, atomically.</summary>
    public void Write(string directory)
    {
        AtomicFile.Write(Path.Combine(directory, FileName), stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteNumber("seed", Seed);
            w.WriteNumber("records", Partitions.Sum(p => p.Records));
            w.WriteStartArray("symbols");
            foreach (var s in Symbols)
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("yearly_symbols");
            foreach (var s in YearlySymbols ?? [])
                w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("partitions");
            foreach (var p in Partitions.OrderBy(p => p.Day).ThenBy(p => p.Symbol))
            {
                w.WriteStartObject();
                w.WriteNumber("symbol", p.Symbol);
                w.WriteString("name", Symbols[p.Symbol]);
                w.WriteString("day", p.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("file", p.File);
                w.WriteNumber("records", p.Records);
                w.WriteNumber("first_ns", p.FirstNs);
                w.WriteNumber("last_ns", p.LastNs);
                w.WriteString("digest", p.Digest.ToString("x16", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("imports");
            foreach (var i in Imports)
            {
                w.WriteStartObject();
                w.WriteString("name", i.Name);
                w.WriteString("sha256", i.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
