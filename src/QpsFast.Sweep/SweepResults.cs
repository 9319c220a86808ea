using System.Globalization;
using System.Text;
using System.Text.Json;
using QpsFast.Engine.IO;

namespace QpsFast.Sweep;

/// <summary>Where a sweep's market data came from, so that a trial can be re-run on the same records.</summary>
/// <param name="Sources">The <c>--data</c> values ("synthetic", or files and folders).</param>
/// <param name="Days">Synthetic data: days.</param>
/// <param name="SymbolCount">Synthetic data: symbols.</param>
/// <param name="Seed">Synthetic data: seed.</param>
/// <param name="Records">The records read.</param>
/// <param name="Digest">XxHash64 of the records' bytes.</param>
/// <param name="Symbols">The symbols, in id order.</param>
public sealed record DataSource(IReadOnlyList<string> Sources, int Days, int SymbolCount, long Seed, long Records, ulong Digest, IReadOnlyList<string> Symbols);

/// <summary>The <c>--strategy</c> and <c>--strategy-config</c> values of a sweep (its user strategies, loaded again by a re-run).</summary>
public sealed record StrategyArgs(IReadOnlyList<string> Paths, IReadOnlyList<string> Configs);

/// <summary>A sweep's results, as written to and read from <c>sweep.json</c> (schema in docs/sweeps.md).</summary>
public sealed record SweepResults(SweepPlan Plan, DataSource Data, StrategyArgs Strategies, string Metric, string Book, long TrialsTotal, (int Index, int Count)? Shard, IReadOnlyList<TrialResult> Trials)
{
    /// <summary>The schema name written in the file.</summary>
    public const string Schema = "qpsfast.sweep/1";

    /// <summary>
    /// Returns the trials ranked by <see cref="Metric"/> of <see cref="Book"/>, best (highest) first, ties by trial
    /// number; failed trials and undefined or infinite values (which JSON cannot hold, so a merged sweep could not rank
    /// them as the local one did) last.
    /// </summary>
    public IReadOnlyList<TrialResult> Ranked() =>
        [.. Trials.OrderByDescending(t => Score(t)).ThenBy(t => t.Trial)];

    /// <summary>Returns a trial's score: the metric of the book, or −∞ when it failed or the value is not finite.</summary>
    public double Score(TrialResult t) => t.Book(Book) is { } b && b[Metric] is var v && double.IsFinite(v) ? v : double.NegativeInfinity;

    /// <summary>
    /// Returns a warning when the ranking metric is annualized from fewer daily returns than it needs (a short run),
    /// or null.
    /// </summary>
    public string? ReliabilityNote()
    {
        if (!BookMetrics.IsAnnualized(Metric) || Trials.FirstOrDefault(t => t.Error is null)?.Book(Book) is not { } b || b.Days >= Reporting.ReturnMetrics.MinimumPeriods)
            return null;
        return $"{Metric} rests on {b.Days} daily returns, fewer than the {Reporting.ReturnMetrics.MinimumPeriods} it needs: not reliable; rank a short run by interval_sharpe (mark to mark) or total_return";
    }

    /// <summary>Writes sweep.json, sweep.csv and sweep.html to <paramref name="directory"/>, each atomically.</summary>
    public void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "sweep.json"), WriteJson);
        AtomicFile.Write(Path.Combine(directory, "sweep.csv"), s => { using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true); WriteCsv(w); });
        AtomicFile.Write(Path.Combine(directory, "sweep.html"), s => { using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true); w.Write(SweepHtml.Render(this)); });
    }

    /// <summary>Writes the CSV: one row per trial, its parameters, digest, records, error and every book's metrics.</summary>
    public void WriteCsv(TextWriter w)
    {
        var books = Trials.FirstOrDefault(t => t.Books.Count > 0)?.Books.Select(b => b.Book).ToArray() ?? [];
        w.Write("trial");
        foreach (var p in Plan.Parameters)
            w.Write("," + p.Path);
        w.Write(",digest,records,error");
        foreach (var b in books)
            foreach (var m in BookMetrics.Names)
                w.Write($",{b}.{m}");
        w.Write('\n');
        foreach (var t in Trials)
        {
            w.Write(t.Trial.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < Plan.Parameters.Count; i++)
                w.Write("," + Plan.Parameters[i].Values[t.Point[i]]);
            w.Write($",{Hex(t.Digest)},{t.Records.ToString(CultureInfo.InvariantCulture)},{(t.Error is null ? "" : "\"" + t.Error.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")}");
            foreach (var b in books)
                foreach (var m in BookMetrics.Names)
                    w.Write("," + (t.Book(b) is { } x ? Csv(x[m]) : ""));
            w.Write('\n');
        }
    }

    private void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("plan_hash", Hex(Plan.Hash()));
        w.WriteString("base_config", Plan.BaseConfigJson);
        w.WriteStartArray("parameters");
        foreach (var p in Plan.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("path", p.Path);
            w.WriteStartArray("values");
            foreach (var v in p.Values)
                w.WriteStringValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("random", Plan.Random);
        w.WriteNumber("random_seed", Plan.RandomSeed);
        w.WriteStartObject("data");
        w.WriteStartArray("sources");
        foreach (var s in Data.Sources)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteNumber("days", Data.Days);
        w.WriteNumber("symbol_count", Data.SymbolCount);
        w.WriteNumber("seed", Data.Seed);
        w.WriteNumber("records", Data.Records);
        w.WriteString("digest", Hex(Data.Digest));
        w.WriteStartArray("symbols");
        foreach (var s in Data.Symbols)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("strategies");
        foreach (var s in Strategies.Paths)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteStartArray("strategy_configs");
        foreach (var s in Strategies.Configs)
            w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteString("metric", Metric);
        w.WriteString("book", Book);
        w.WriteNumber("trials_total", TrialsTotal);
        if (Shard is { } shard)
            w.WriteString("shard", $"{shard.Index}/{shard.Count}");
        else
            w.WriteNull("shard");
        w.WriteStartArray("best");
        foreach (var t in Ranked().Take(10).Where(t => t.Error is null))
            w.WriteNumberValue(t.Trial);
        w.WriteEndArray();
        w.WriteStartArray("trials");
        foreach (var t in Trials)
        {
            w.WriteStartObject();
            w.WriteNumber("trial", t.Trial);
            w.WriteStartObject("params");
            for (int i = 0; i < Plan.Parameters.Count; i++)
                w.WriteString(Plan.Parameters[i].Path, Plan.Parameters[i].Values[t.Point[i]]);
            w.WriteEndObject();
            w.WriteString("digest", Hex(t.Digest));
            w.WriteNumber("records", t.Records);
            if (t.Error is null)
                w.WriteNull("error");
            else
                w.WriteString("error", t.Error);
            w.WriteStartObject("books");
            foreach (var b in t.Books)
            {
                w.WriteStartObject(b.Book);
                foreach (var m in BookMetrics.Names)
                    WriteFigure(w, m, b[m]);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads a sweep.json.</summary>
    /// <exception cref="InvalidDataException">It is not a sweep.json qps wrote: the message names the file and the problem.</exception>
    public static SweepResults Read(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such file (a sweep's --out folder holds sweep.json)");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Returns the sweep.json text of these results.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses sweep.json text; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">It is not a sweep.json qps wrote: the message names the origin and the problem.</exception>
    public static SweepResults Parse(ReadOnlyMemory<byte> json, string origin)
    {
        string path = origin;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.GetProperty("schema").GetString() != Schema)
                throw new InvalidDataException($"{path}: not a {Schema} file");
            var parameters = root.GetProperty("parameters").EnumerateArray()
                .Select(p => new SweepParameter(p.GetProperty("path").GetString()!, [.. p.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)])).ToArray();
            var plan = new SweepPlan(root.GetProperty("base_config").GetString()!, parameters) { Random = root.GetProperty("random").GetInt32(), RandomSeed = root.GetProperty("random_seed").GetInt64() };
            if (Hex(plan.Hash()) != root.GetProperty("plan_hash").GetString())
                throw new InvalidDataException($"{path}: plan_hash does not match its parameters (the file was edited)");
            var d = root.GetProperty("data");
            var data = new DataSource([.. d.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!)], d.GetProperty("days").GetInt32(), d.GetProperty("symbol_count").GetInt32(),
                d.GetProperty("seed").GetInt64(), d.GetProperty("records").GetInt64(), ParseHex(d.GetProperty("digest").GetString()!), [.. d.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!)]);
            (int, int)? shard = root.GetProperty("shard").ValueKind == JsonValueKind.Null ? null : ParseShard(root.GetProperty("shard").GetString()!);
            var trials = new List<TrialResult>();
            foreach (var t in root.GetProperty("trials").EnumerateArray())
            {
                var point = new int[parameters.Length];
                var values = t.GetProperty("params");
                for (int i = 0; i < parameters.Length; i++)
                {
                    point[i] = parameters[i].Values.ToList().IndexOf(values.GetProperty(parameters[i].Path).GetString()!);
                    if (point[i] < 0)
                        throw new InvalidDataException($"{path}: trial {t.GetProperty("trial").GetInt32()} has a value of {parameters[i].Path} the parameter does not list");
                }
                var books = t.GetProperty("books").EnumerateObject().Select(b =>
                {
                    double M(string m) => b.Value.GetProperty(m) switch
                    {
                        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
                        { ValueKind: JsonValueKind.String } v when v.GetString() == "inf" => double.PositiveInfinity,
                        { ValueKind: JsonValueKind.String } v when v.GetString() == "-inf" => double.NegativeInfinity,
                        { ValueKind: JsonValueKind.Null } => double.NaN,
                        var v => throw new FormatException($"{b.Name}.{m}: {v.GetRawText()} is not a number, null, \"inf\" or \"-inf\""),
                    };
                    return new BookMetrics(b.Name, M("pnl"), M("total_return"), M("sharpe"), M("sortino"), M("max_drawdown"), M("interval_sharpe"), (int)M("round_trips"), M("win_rate"), M("profit_factor"), M("turnover"), (int)M("days"));
                }).ToArray();
                trials.Add(new TrialResult(t.GetProperty("trial").GetInt32(), point, ParseHex(t.GetProperty("digest").GetString()!), t.GetProperty("records").GetInt64(), books,
                    t.GetProperty("error").ValueKind == JsonValueKind.Null ? null : t.GetProperty("error").GetString()));
            }
            var strategies = new StrategyArgs([.. root.GetProperty("strategies").EnumerateArray().Select(s => s.GetString()!)], [.. root.GetProperty("strategy_configs").EnumerateArray().Select(s => s.GetString()!)]);
            return new SweepResults(plan, data, strategies, root.GetProperty("metric").GetString()!,
                root.GetProperty("book").GetString()!, root.GetProperty("trials_total").GetInt64(), shard, trials);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a sweep.json written by qps sweep ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>
    /// Combines the shards of one sweep into the whole: they must share the plan and the data, and together hold every
    /// trial exactly once.
    /// </summary>
    /// <exception cref="InvalidDataException">They are not the shards of one sweep, or trials are missing or repeated: the message says which.</exception>
    public static SweepResults Merge(IReadOnlyList<(string Path, SweepResults Part)> parts)
    {
        if (parts.Count == 0)
            throw new InvalidDataException("nothing to merge");
        var (firstPath, first) = parts[0];
        foreach (var (path, part) in parts.Skip(1))
        {
            if (part.Plan.Hash() != first.Plan.Hash())
                throw new InvalidDataException($"{path}: another sweep's results (plan {Hex(part.Plan.Hash())}, {firstPath} has {Hex(first.Plan.Hash())})");
            if (part.Data.Digest != first.Data.Digest)
                throw new InvalidDataException($"{path}: ran on other market data (digest {Hex(part.Data.Digest)}, {firstPath} has {Hex(first.Data.Digest)})");
        }
        var byTrial = new SortedDictionary<int, TrialResult>();
        foreach (var (path, part) in parts)
        {
            foreach (var t in part.Trials)
            {
                if (!byTrial.TryAdd(t.Trial, t))
                    throw new InvalidDataException($"{path}: trial {t.Trial} is in two of the parts");
            }
        }
        var missing = Enumerable.Range(0, (int)first.TrialsTotal).Where(k => !byTrial.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{missing.Length} of {first.TrialsTotal} trials are in none of the parts (first: {string.Join(", ", missing.Take(5))}); merge every shard");
        return first with { Shard = null, Trials = [.. byTrial.Values] };
    }

    /// <summary>Parses "I/N" (0 ≤ I &lt; N).</summary>
    /// <exception cref="FormatException">It is not.</exception>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || i >= n)
            throw new FormatException($"--shard '{text}': expected I/N with 0 ≤ I < N (for example 0/2 and 1/2)");
        return (i, n);
    }

    /// <summary>
    /// Writes a figure: JSON has no NaN or infinity, so undefined is null and infinite (a Sortino with no losing day)
    /// the string "inf" or "-inf" (read back by <see cref="Parse"/>).
    /// </summary>
    internal static void WriteFigure(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
            w.WriteNumber(name, v);
        else if (double.IsNaN(v))
            w.WriteNull(name);
        else
            w.WriteString(name, v > 0 ? "inf" : "-inf");
    }

    // Undefined is empty; infinite is "inf" or "-inf" (pandas and DuckDB read both as floats).
    private static string Csv(double v) =>
        double.IsNaN(v) ? "" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Returns the session id of trial <paramref name="trial"/> of a sweep when it is journaled (<c>--journal-logs</c>, <c>--rerun</c>).</summary>
    public static string SessionOf(SweepPlan plan, int trial) => $"sweep-{Hex(plan.Hash())[..8]}-trial-{trial}";

    /// <summary>Formats a digest as 16 hex digits.</summary>
    public static string Hex(ulong v) => v.ToString("x16", CultureInfo.InvariantCulture);

    private static ulong ParseHex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
