using System.Text.Json;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Risk;

namespace QpsFast.Engine.Config;

/// <summary>
/// Loads <see cref="EngineSettings"/> from one JSON file (alphas, risk, broker, portfolio, timeframes). Every field is
/// optional and defaults as documented in docs/configuration.md; every value is type- and range-checked; unknown keys
/// are rejected. Errors are <see cref="ConfigException"/>s naming the JSON path, the value and the allowed range.
/// </summary>
public static partial class EngineConfig
{
    /// <summary>
    /// The largest amount (money or quantity) a setting may hold: the fixed-point range (about ±92.2 billion units)
    /// divided by 1,024, so that the sums the engine keeps cannot leave it: up to 256 books (a source is a byte), each
    /// holding up to four times the largest setting in cash, positions or P&amp;L. A larger setting validated before,
    /// then wrapped or crashed a run (a notional of 1e11, a capital of 9e10 with five books).
    /// </summary>
    public const decimal MaxAmount = 90_000_000m;

    private const decimal Big = MaxAmount;

    /// <summary>Loads and validates a configuration file.</summary>
    /// <exception cref="ConfigException">The file is not valid JSON or a value is invalid.</exception>
    public static EngineSettings Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, "$", e.Message);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates configuration text (<paramref name="file"/> names it in errors).</summary>
    public static EngineSettings Parse(string json, string file = "(config)")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            // A duplicate key has a path but no position; a syntax error a position.
            if (e.LineNumber is null && DuplicateKey(json) is { } duplicate)
                throw new ConfigException(file, duplicate, "the key is given twice (which value wins is not a choice to make silently)");
            throw new ConfigException(file, $"{e.Path ?? "$"} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", $"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = new JsonSection(file, "$", doc.RootElement);
            var d = new EngineSettings();
            var settings = d;
            if (root.Section("alphas") is { } alphas)
            {
                settings = settings with
                {
                    Pairs = alphas.Section("pairs") is { } p ? Pairs(p, d.Pairs) : d.Pairs,
                    Breakout = alphas.Section("breakout") is { } b ? Breakout(b, d.Breakout) : d.Breakout,
                    MtfTrend = alphas.Section("mtfTrend") is { } m ? MtfTrend(m, d.MtfTrend) : d.MtfTrend,
                    Momentum = alphas.Section("momentum") is { } mo ? Momentum(mo, d.Momentum) : d.Momentum,
                    Imbalance = alphas.Section("imbalance") is { } i ? Imbalance(i, d.Imbalance) : d.Imbalance,
                };
                if (!alphas.Bool("builtIn", true))
                {
                    // Switches the five off at once (a run of user strategies alone); an alpha's own "enabled": true
                    // alongside it is a contradiction, not something to settle silently.
                    foreach (var name in (string[])["pairs", "breakout", "mtfTrend", "momentum", "imbalance"])
                    {
                        if (doc.RootElement.GetProperty("alphas").TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
                            && section.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True)
                            throw new ConfigException(file, $"$.alphas.{name}.enabled", "true contradicts $.alphas.builtIn false");
                    }
                    settings = settings with
                    {
                        Pairs = settings.Pairs with { Enabled = false },
                        Breakout = settings.Breakout with { Enabled = false },
                        MtfTrend = settings.MtfTrend with { Enabled = false },
                        Momentum = settings.Momentum with { Enabled = false },
                        Imbalance = settings.Imbalance with { Enabled = false },
                    };
                }
                alphas.RejectUnknownKeys();
            }
            if (root.Section("risk") is { } risk)
                settings = settings with { Risk = Risk(risk, d.Risk) };
            if (root.Section("broker") is { } broker)
                settings = settings with { Broker = Broker(broker, d.Broker) };
            if (root.Section("portfolio") is { } portfolio)
                settings = settings with { Portfolio = Portfolio(portfolio, d.Portfolio) };
            settings = settings with { Timeframes = root.IntArray("timeframes", d.Timeframes, 2, 1440) };
            root.RejectUnknownKeys();
            // An alpha on bars the run never has would be valid and never trade: its timeframe must be 1 (the input's
            // own minute bars) or one the aggregator makes (native bars of a longer timeframe: list it in timeframes).
            if (settings.Breakout.Enabled && settings.Breakout.TimeframeMinutes != 1 && !settings.Timeframes.Contains(settings.Breakout.TimeframeMinutes))
                throw new ConfigException(file, "$.alphas.breakout.timeframeMinutes", NotMade(settings.Breakout.TimeframeMinutes, settings.Timeframes));
            if (settings.MtfTrend.Enabled && !settings.Timeframes.Contains(settings.MtfTrend.TrendTimeframeMinutes))
                throw new ConfigException(file, "$.alphas.mtfTrend.trendTimeframeMinutes", NotMade(settings.MtfTrend.TrendTimeframeMinutes, settings.Timeframes));
            if (OutboxBudget.Problem(settings) is { } budget)
                throw new ConfigException(file, settings.Momentum.Enabled && settings.Momentum.Long + settings.Momentum.Short > 4 ? "$.alphas.momentum" : "$", budget);
            if (settings.Pairs.SymbolA == settings.Pairs.SymbolB)
                throw new ConfigException(file, "$.alphas.pairs.symbolB", $"value {settings.Pairs.SymbolB} must differ from symbolA");
            if (settings.Pairs.ExitZ >= settings.Pairs.EntryZ)
                throw new ConfigException(file, "$.alphas.pairs.exitZ", $"value {settings.Pairs.ExitZ} must be below entryZ ({settings.Pairs.EntryZ})");
            if (settings.Imbalance.ExitImbalance >= settings.Imbalance.EntryImbalance)
                throw new ConfigException(file, "$.alphas.imbalance.exitImbalance", $"value {settings.Imbalance.ExitImbalance} must be below entryImbalance ({settings.Imbalance.EntryImbalance})");
            return settings;
        }
    }

    /// <summary>Returns the JSON path of the first key given twice in one object, or null.</summary>
    private static string? DuplicateKey(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = true });
        return Find(doc.RootElement, "$");

        static string? Find(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Array)
                return e.EnumerateArray().Select((item, i) => Find(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null);
            if (e.ValueKind != JsonValueKind.Object)
                return null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                    return $"{path}.{p.Name}";
                if (Find(p.Value, $"{path}.{p.Name}") is { } inner)
                    return inner;
            }
            return null;
        }
    }

    private static string NotMade(int minutes, int[] timeframes) =>
        $"value {minutes} is not a timeframe the aggregator makes ($.timeframes: {string.Join(", ", timeframes)}); add it there (for input bars of that length too)";

    private static PairsSettings Pairs(JsonSection s, PairsSettings d)
    {
        var r = new PairsSettings(
            s.Int("symbolA", d.SymbolA, 0, 65_533),
            s.Int("symbolB", d.SymbolB, 0, 65_533),
            s.Int("window", d.Window, 2, 100_000),
            s.Double("entryZ", d.EntryZ, 0.1, 20),
            s.Double("exitZ", d.ExitZ, 0, 20),
            s.Decimal("notional", d.Notional, 1, Big),
            s.Bool("enabled", d.Enabled),
            s.Bool("flattenAtSessionEnd", d.FlattenAtSessionEnd));
        s.RejectUnknownKeys();
        return r;
    }

    private static BreakoutSettings Breakout(JsonSection s, BreakoutSettings d)
    {
        var r = new BreakoutSettings(
            s.Int("timeframeMinutes", d.TimeframeMinutes, 1, 1440),
            s.Int("period", d.Period, 2, 10_000),
            s.Int("atrPeriod", d.AtrPeriod, 1, 10_000),
            s.Double("stopAtr", d.StopAtr, 0.1, 100),
            s.Decimal("notional", d.Notional, 1, Big),
            s.Bool("enabled", d.Enabled),
            s.Bool("flattenAtSessionEnd", d.FlattenAtSessionEnd));
        s.RejectUnknownKeys();
        return r;
    }

    private static MtfTrendSettings MtfTrend(JsonSection s, MtfTrendSettings d)
    {
        var r = new MtfTrendSettings(
            s.Int("trendTimeframeMinutes", d.TrendTimeframeMinutes, 2, 1440),
            s.Int("emaPeriod", d.EmaPeriod, 1, 10_000),
            s.Int("rsiPeriod", d.RsiPeriod, 1, 10_000),
            s.Double("pullbackRsi", d.PullbackRsi, 1, 50),
            s.Double("exitRsi", d.ExitRsi, 50, 99),
            s.Decimal("notional", d.Notional, 1, Big),
            s.Bool("enabled", d.Enabled),
            s.Bool("flattenAtSessionEnd", d.FlattenAtSessionEnd));
        s.RejectUnknownKeys();
        return r;
    }

    private static MomentumSettings Momentum(JsonSection s, MomentumSettings d)
    {
        var r = new MomentumSettings(
            s.Int("lookbackMinutes", d.LookbackMinutes, 1, 100_000),
            s.Int("rebalanceMinutes", d.RebalanceMinutes, 1, 100_000),
            s.Int("long", d.Long, 0, 1000),
            s.Int("short", d.Short, 0, 1000),
            s.Decimal("notional", d.Notional, 1, Big),
            s.Bool("enabled", d.Enabled),
            s.Bool("flattenAtSessionEnd", d.FlattenAtSessionEnd));
        s.RejectUnknownKeys();
        return r;
    }

    private static ImbalanceSettings Imbalance(JsonSection s, ImbalanceSettings d)
    {
        var r = new ImbalanceSettings(
            s.Int("levels", d.Levels, 1, 20),
            s.Double("entryImbalance", d.EntryImbalance, 0.01, 1),
            s.Double("exitImbalance", d.ExitImbalance, 0, 1),
            s.Decimal("notional", d.Notional, 1, Big),
            s.Bool("enabled", d.Enabled),
            s.Bool("flattenAtSessionEnd", d.FlattenAtSessionEnd));
        s.RejectUnknownKeys();
        return r;
    }

    private static RiskSettings Risk(JsonSection s, RiskSettings d)
    {
        var r = new RiskSettings(
            s.Decimal("maxOrderQuantity", d.MaxOrderQuantity, 0, Big),
            s.Decimal("maxOrderNotional", d.MaxOrderNotional, 0, Big),
            s.Decimal("maxPositionNotional", d.MaxPositionNotional, 0, Big),
            s.Decimal("maxSymbolNotional", d.MaxSymbolNotional, 0, Big),
            s.Decimal("maxGrossExposure", d.MaxGrossExposure, 0, Big),
            s.Decimal("maxNetExposure", d.MaxNetExposure, 0, Big),
            s.Decimal("minCashReserve", d.MinCashReserve, 0, Big),
            s.Int("maxOrdersPerMinute", d.MaxOrdersPerMinute, 0, 1_000_000),
            s.Decimal("maxDailyLoss", d.MaxDailyLoss, 0, Big),
            s.Decimal("maxDrawdownFraction", d.MaxDrawdownFraction, 0, 1));
        s.RejectUnknownKeys();
        return r;
    }

    private static BrokerSettings Broker(JsonSection s, BrokerSettings d)
    {
        var r = new BrokerSettings(
            s.Enum("mode", d.Mode),
            s.Long("latencyNs", d.LatencyNs, 0, 86_400_000_000_000),
            s.Decimal("slippageBps", d.SlippageBps, 0, 10_000),
            s.Decimal("feeBps", d.FeeBps, 0, 10_000),
            s.Decimal("minFee", d.MinFee, 0, Big),
            s.Bool("useLimitOrders", d.UseLimitOrders),
            s.Decimal("limitOffsetBps", d.LimitOffsetBps, 0, 10_000),
            s.Int("maxPendingOrders", d.MaxPendingOrders, 1, 1_000_000));
        s.RejectUnknownKeys();
        return r;
    }

    private static PortfolioSettings Portfolio(JsonSection s, PortfolioSettings d)
    {
        var r = new PortfolioSettings(
            s.Decimal("capitalPerAlpha", d.CapitalPerAlpha, 1, Big),
            s.Int("markIntervalMinutes", d.MarkIntervalMinutes, 1, 100_000));
        s.RejectUnknownKeys();
        return r;
    }
}
