using System.Globalization;
using System.Text;
using System.Text.Json;
using QpsFast.Engine.Pipeline;

namespace QpsFast.Engine.Config;

public static partial class EngineConfig
{
    /// <summary>Returns <paramref name="settings"/> as a configuration file that <see cref="Parse"/> reads back to equal settings.</summary>
    public static string ToJson(EngineSettings settings)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(w, settings);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="s"/> as a configuration object.</summary>
    public static void Write(Utf8JsonWriter w, EngineSettings s)
    {
        w.WriteStartObject();
        w.WriteStartObject("alphas");
        w.WriteStartObject("pairs");
        w.WriteBoolean("enabled", s.Pairs.Enabled);
        w.WriteBoolean("flattenAtSessionEnd", s.Pairs.FlattenAtSessionEnd);
        w.WriteNumber("symbolA", s.Pairs.SymbolA);
        w.WriteNumber("symbolB", s.Pairs.SymbolB);
        w.WriteNumber("window", s.Pairs.Window);
        w.WriteNumber("entryZ", s.Pairs.EntryZ);
        w.WriteNumber("exitZ", s.Pairs.ExitZ);
        w.WriteNumber("notional", s.Pairs.Notional);
        w.WriteEndObject();
        w.WriteStartObject("breakout");
        w.WriteBoolean("enabled", s.Breakout.Enabled);
        w.WriteBoolean("flattenAtSessionEnd", s.Breakout.FlattenAtSessionEnd);
        w.WriteNumber("timeframeMinutes", s.Breakout.TimeframeMinutes);
        w.WriteNumber("period", s.Breakout.Period);
        w.WriteNumber("atrPeriod", s.Breakout.AtrPeriod);
        w.WriteNumber("stopAtr", s.Breakout.StopAtr);
        w.WriteNumber("notional", s.Breakout.Notional);
        w.WriteEndObject();
        w.WriteStartObject("mtfTrend");
        w.WriteBoolean("enabled", s.MtfTrend.Enabled);
        w.WriteBoolean("flattenAtSessionEnd", s.MtfTrend.FlattenAtSessionEnd);
        w.WriteNumber("trendTimeframeMinutes", s.MtfTrend.TrendTimeframeMinutes);
        w.WriteNumber("emaPeriod", s.MtfTrend.EmaPeriod);
        w.WriteNumber("rsiPeriod", s.MtfTrend.RsiPeriod);
        w.WriteNumber("pullbackRsi", s.MtfTrend.PullbackRsi);
        w.WriteNumber("exitRsi", s.MtfTrend.ExitRsi);
        w.WriteNumber("notional", s.MtfTrend.Notional);
        w.WriteEndObject();
        w.WriteStartObject("momentum");
        w.WriteBoolean("enabled", s.Momentum.Enabled);
        w.WriteBoolean("flattenAtSessionEnd", s.Momentum.FlattenAtSessionEnd);
        w.WriteNumber("lookbackMinutes", s.Momentum.LookbackMinutes);
        w.WriteNumber("rebalanceMinutes", s.Momentum.RebalanceMinutes);
        w.WriteNumber("long", s.Momentum.Long);
        w.WriteNumber("short", s.Momentum.Short);
        w.WriteNumber("notional", s.Momentum.Notional);
        w.WriteEndObject();
        w.WriteStartObject("imbalance");
        w.WriteBoolean("enabled", s.Imbalance.Enabled);
        w.WriteBoolean("flattenAtSessionEnd", s.Imbalance.FlattenAtSessionEnd);
        w.WriteNumber("levels", s.Imbalance.Levels);
        w.WriteNumber("entryImbalance", s.Imbalance.EntryImbalance);
        w.WriteNumber("exitImbalance", s.Imbalance.ExitImbalance);
        w.WriteNumber("notional", s.Imbalance.Notional);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("risk");
        w.WriteNumber("maxOrderQuantity", s.Risk.MaxOrderQuantity);
        w.WriteNumber("maxOrderNotional", s.Risk.MaxOrderNotional);
        w.WriteNumber("maxPositionNotional", s.Risk.MaxPositionNotional);
        w.WriteNumber("maxSymbolNotional", s.Risk.MaxSymbolNotional);
        w.WriteNumber("maxGrossExposure", s.Risk.MaxGrossExposure);
        w.WriteNumber("maxNetExposure", s.Risk.MaxNetExposure);
        w.WriteNumber("minCashReserve", s.Risk.MinCashReserve);
        w.WriteNumber("maxOrdersPerMinute", s.Risk.MaxOrdersPerMinute);
        w.WriteNumber("maxDailyLoss", s.Risk.MaxDailyLoss);
        w.WriteNumber("maxDrawdownFraction", s.Risk.MaxDrawdownFraction);
        w.WriteEndObject();
        w.WriteStartObject("broker");
        w.WriteString("mode", s.Broker.Mode.ToString());
        w.WriteNumber("latencyNs", s.Broker.LatencyNs);
        w.WriteNumber("slippageBps", s.Broker.SlippageBps);
        w.WriteNumber("feeBps", s.Broker.FeeBps);
        w.WriteNumber("minFee", s.Broker.MinFee);
        w.WriteBoolean("useLimitOrders", s.Broker.UseLimitOrders);
        w.WriteNumber("limitOffsetBps", s.Broker.LimitOffsetBps);
        w.WriteNumber("maxPendingOrders", s.Broker.MaxPendingOrders);
        w.WriteEndObject();
        w.WriteStartObject("portfolio");
        w.WriteNumber("capitalPerAlpha", s.Portfolio.CapitalPerAlpha);
        w.WriteNumber("markIntervalMinutes", s.Portfolio.MarkIntervalMinutes);
        w.WriteEndObject();
        w.WriteStartArray("timeframes");
        foreach (var tf in s.Timeframes)
            w.WriteNumberValue(tf);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
