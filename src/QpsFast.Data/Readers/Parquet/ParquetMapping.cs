using System.Text.Json;

namespace QpsFast.Data.Readers;

/// <summary>
/// How a Parquet file's columns become records: what it holds (<see cref="Kind"/>), which column plays which role,
/// the unit of integer times and the scale of prices and sizes. Read from a sidecar <c>FILE.parquet.json</c> beside
/// the file when there is one (it travels with the data to a sweep's silos and a catalog's import); otherwise every
/// role is found by its usual names and the kind from the columns present (open/high/low/close: bars; bid and ask:
/// quotes; is_snapshot: book; price and size: trades).
/// </summary>
/// <example><code>
/// { "kind": "trades", "symbol": "BTCUSDT", "columns": { "time": "ts", "price": "px", "size": "qty", "side": "taker" },
///   "time_unit": "us", "price_scale": "0.01", "size_scale": "1" }
/// </code></example>
public sealed record ParquetMapping(string Kind, string? Symbol, IReadOnlyDictionary<string, string> Columns, string TimeUnit, decimal PriceScale, decimal SizeScale, int? BarMinutes)
{
    /// <summary>The kinds of data a Parquet file can hold.</summary>
    public static readonly string[] Kinds = ["bars", "trades", "quotes", "book"];

    /// <summary>Roles and the column names looked for when the mapping does not name one (first match, any case).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["time"] = ["timestamp", "time", "date", "datetime", "open_time", "ts", "ts_init", "ts_event", "local_timestamp"],
        ["symbol"] = ["symbol", "instrument", "instrument_id", "ticker"],
        ["open"] = ["open"], ["high"] = ["high"], ["low"] = ["low"], ["close"] = ["close"], ["volume"] = ["volume", "vol"],
        ["price"] = ["price", "px", "trade_price"],
        ["size"] = ["size", "amount", "qty", "quantity"],
        ["side"] = ["side", "is_buyer_maker"], // not NautilusTrader's aggressor_side (1 buyer, 2 seller): its numbers mean other sides than ours
        ["bid"] = ["bid", "bid_price", "bid_px"], ["ask"] = ["ask", "ask_price", "ask_px"],
        ["bid_size"] = ["bid_size", "bid_qty", "bid_amount"], ["ask_size"] = ["ask_size", "ask_qty", "ask_amount"],
        ["is_snapshot"] = ["is_snapshot", "snapshot"],
    };

    private static readonly string[] s_units = ["auto", "s", "ms", "us", "ns"];

    /// <summary>The sidecar file of <paramref name="parquetPath"/>.</summary>
    public static string SidecarOf(string parquetPath) => parquetPath + ".json";

    /// <summary>Returns whether <paramref name="path"/> is the sidecar of a Parquet file beside it.</summary>
    public static bool IsSidecar(string path) =>
        path.EndsWith(".parquet.json", StringComparison.OrdinalIgnoreCase) && File.Exists(path[..^".json".Length]);

    /// <summary>The nanoseconds in one unit of an integer time, or 0 for "auto" (by magnitude).</summary>
    public long TimeUnitNs => TimeUnit switch { "s" => 1_000_000_000, "ms" => 1_000_000, "us" => 1_000, "ns" => 1, _ => 0 };

    /// <summary>The column name for <paramref name="role"/> among <paramref name="names"/>: the mapped one, else the first alias present; null if absent.</summary>
    /// <exception cref="DataFormatException">The mapping names a column the file does not have.</exception>
    public string? Column(string path, string role, IReadOnlyList<string> names)
    {
        if (Columns.TryGetValue(role, out var mapped))
            return names.FirstOrDefault(n => n == mapped) ?? throw DataFormatException.InFile(path, $"{Path.GetFileName(SidecarOf(path))} maps '{role}' to column '{mapped}', which the file does not have ({string.Join(", ", names)})");
        foreach (var alias in Aliases[role])
            if (names.FirstOrDefault(n => n.Equals(alias, StringComparison.OrdinalIgnoreCase)) is { } found)
                return found;
        return null;
    }

    /// <summary>The mapping of <paramref name="path"/>: its sidecar, or the defaults with the kind given (<paramref name="kind"/>) or inferred from <paramref name="names"/>.</summary>
    /// <exception cref="DataFormatException">A sidecar that is not valid JSON, names an unknown key, kind or unit, or a bad scale.</exception>
    public static ParquetMapping For(string path, IReadOnlyList<string> names, string? kind = null)
    {
        string sidecar = SidecarOf(path);
        var mapping = File.Exists(sidecar) ? Parse(sidecar) : new ParquetMapping("", null, new Dictionary<string, string>(), "auto", 1m, 1m, null);
        if (mapping.Kind.Length > 0)
            return mapping;
        if (kind is not null)
            return mapping with { Kind = kind };
        bool Has(string role) => mapping.Column(path, role, names) is not null;
        kind = Has("open") && Has("close") ? "bars" : Has("bid") && Has("ask") ? "quotes" : Has("is_snapshot") ? "book" : Has("price") && Has("size") ? "trades" : "";
        if (kind.Length == 0)
            throw DataFormatException.InFile(path, $"cannot tell bars, trades, quotes or book updates from the columns ({string.Join(", ", names)}); name the kind and columns in {Path.GetFileName(sidecar)} (docs/data.md)");
        return mapping with { Kind = kind };
    }

    private static ParquetMapping Parse(string sidecar)
    {
        DataFormatException Bad(string problem) => DataFormatException.InFile(sidecar, problem);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(sidecar));
        }
        catch (JsonException e)
        {
            throw Bad($"not valid JSON (line {e.LineNumber + 1}): {e.Message.Split(" Path:")[0]}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad("expected a JSON object");
            string kind = "", unit = "auto";
            string? symbol = null;
            decimal priceScale = 1m, sizeScale = 1m;
            int? minutes = null;
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string Text() => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Bad($"'{p.Name}' must be a string");
                decimal Scale() => decimal.TryParse(Text(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0
                    ? d : throw Bad($"'{p.Name}' must be a positive decimal number as a string, not {p.Value}");
                switch (p.Name)
                {
                    case "kind":
                        kind = Text();
                        if (!Kinds.Contains(kind))
                            throw Bad($"kind '{kind}' is not one of {string.Join(", ", Kinds)}");
                        break;
                    case "symbol": symbol = Text(); break;
                    case "time_unit":
                        unit = Text();
                        if (!s_units.Contains(unit))
                            throw Bad($"time_unit '{unit}' is not one of {string.Join(", ", s_units)}");
                        break;
                    case "price_scale": priceScale = Scale(); break;
                    case "size_scale": sizeScale = Scale(); break;
                    case "bar_minutes":
                        minutes = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int m) && m is >= 1 and <= ushort.MaxValue ? m : throw Bad($"bar_minutes must be a whole number from 1 to {ushort.MaxValue}");
                        break;
                    case "columns":
                        if (p.Value.ValueKind != JsonValueKind.Object)
                            throw Bad("'columns' must be an object of role: column name");
                        foreach (var c in p.Value.EnumerateObject())
                        {
                            if (!Aliases.ContainsKey(c.Name))
                                throw Bad($"unknown role '{c.Name}' in columns (roles: {string.Join(", ", Aliases.Keys)})");
                            columns[c.Name] = c.Value.ValueKind == JsonValueKind.String ? c.Value.GetString()! : throw Bad($"columns.{c.Name} must be a column name");
                        }
                        break;
                    default:
                        throw Bad($"unknown key '{p.Name}' (keys: kind, symbol, columns, time_unit, price_scale, size_scale, bar_minutes)");
                }
            }
            return new ParquetMapping(kind, symbol, columns, unit, priceScale, sizeScale, minutes);
        }
    }
}
