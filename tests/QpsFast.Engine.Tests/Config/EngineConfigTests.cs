using QpsFast.Engine.Broker;
using QpsFast.Engine.Config;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Risk;
using QpsFast.Engine.Tests.Pipeline;

namespace QpsFast.Engine.Tests.Config;

public sealed class EngineConfigTests
{
    [Fact]
    public void DefaultConfigFile_EqualsTheBuiltInDefaults()
    {
        var loaded = EngineConfig.Load(RepoFiles.PathOf("data/default-config.json"));
        Assert.Equal(new EngineSettings().Canonical(), loaded.Canonical());
        Assert.Equal(new EngineSettings().Hash(), loaded.Hash());
    }

    [Fact]
    public void EnumNames_AnyCase_AndTimeframesTheAggregatorMakes_AreAccepted()
    {
        Assert.Equal(FillMode.NextBarOpen, EngineConfig.Parse("""{ "broker": { "mode": "nextbaropen" } }""").Broker.Mode);
        var s = EngineConfig.Parse("""{ "alphas": { "breakout": { "timeframeMinutes": 240 } }, "timeframes": [5, 60, 240] }""");
        Assert.Equal(240, s.Breakout.TimeframeMinutes);
        Assert.Equal(1, EngineConfig.Parse("""{ "alphas": { "breakout": { "timeframeMinutes": 1 } } }""").Breakout.TimeframeMinutes);
        Assert.Equal(30, EngineConfig.Parse("""{ "alphas": { "breakout": { "enabled": false, "timeframeMinutes": 30 } } }""").Breakout.TimeframeMinutes);
    }

    [Fact]
    public void PartialConfig_OverridesOnlyWhatItNames()
    {
        var s = EngineConfig.Parse("""{ "broker": { "mode": "NextBarOpen", "feeBps": 2.5 }, "alphas": { "pairs": { "enabled": false } } }""");
        Assert.Equal(FillMode.NextBarOpen, s.Broker.Mode);
        Assert.Equal(2.5m, s.Broker.FeeBps);
        Assert.False(s.Pairs.Enabled);
        Assert.Equal(new EngineSettings().Risk, s.Risk);
    }

    [Theory]
    [InlineData("""{ "risk": { "maxOrderQuantty": 5 } }""", "$.risk.maxOrderQuantty", "unknown key")]
    [InlineData("""{ "risks": {} }""", "$.risks", "unknown key")]
    [InlineData("""{ "alphas": { "pairs": { "window": 1 } } }""", "$.alphas.pairs.window", "value 1 is out of range: allowed 2 to 100000")]
    [InlineData("""{ "alphas": { "breakout": { "stopAtr": "two" } } }""", "$.alphas.breakout.stopAtr", "found \"two\"")]
    [InlineData("""{ "broker": { "mode": "Sometimes" } }""", "$.broker.mode", "expected one of \"NextEvent\", \"NextBarOpen\"")]
    [InlineData("""{ "risk": { "maxDrawdownFraction": 1.5 } }""", "$.risk.maxDrawdownFraction", "out of range: allowed 0 to 1")]
    [InlineData("""{ "broker": { "minFee": 0.000000001 } }""", "$.broker.minFee", "more than 8 decimals")]
    [InlineData("""{ "timeframes": [5, 1] }""", "$.timeframes[1]", "between 2 and 1440")]
    [InlineData("""{ "alphas": { "pairs": { "entryZ": 1, "exitZ": 1.5 } } }""", "$.alphas.pairs.exitZ", "must be below entryZ")]
    [InlineData("""{ "risk": 5 }""", "$.risk", "expected an object")]
    [InlineData("""{ "risk": { } ,}""", "$ (line 1", "not valid JSON")]
    // Issue 12: silent accepts.
    [InlineData("""{ "risk": { "maxOrderNotional": 1, "maxOrderNotional": 2 } }""", "$.risk.maxOrderNotional", "given twice")]
    [InlineData("""{ "alphas": { "pairs": { "window": 60 }, "pairs": { "window": 90 } } }""", "$.alphas.pairs", "given twice")]
    [InlineData("""{ "broker": { "mode": "1" } }""", "$.broker.mode", "expected one of \"NextEvent\", \"NextBarOpen\", found \"1\"")]
    [InlineData("""{ "alphas": { "breakout": { "timeframeMinutes": 30 } } }""", "$.alphas.breakout.timeframeMinutes", "not a timeframe the aggregator makes")]
    [InlineData("""{ "alphas": { "mtfTrend": { "trendTimeframeMinutes": 240 } } }""", "$.alphas.mtfTrend.trendTimeframeMinutes", "not a timeframe the aggregator makes")]
    [InlineData("""{ "alphas": { "momentum": { "long": 15, "short": 15 } } }""", "$.alphas.momentum", "more than the 64 a ring slot holds")]
    [InlineData("""{ "alphas": { "builtIn": false, "pairs": { "enabled": true } } }""", "$.alphas.pairs.enabled", "contradicts")]
    // Issue 12: values inside the old ranges that overflowed the money type (a notional of 1e11 crashed live, a
    // capital of 9e10 made the report show -81.99 % for a run that made +2,849.30).
    [InlineData("""{ "alphas": { "breakout": { "notional": 100000000000 } } }""", "$.alphas.breakout.notional", "allowed 1 to 90000000")]
    [InlineData("""{ "portfolio": { "capitalPerAlpha": 90000000000 } }""", "$.portfolio.capitalPerAlpha", "allowed 1 to 90000000")]
    [InlineData("""{ "risk": { "maxGrossExposure": 1e11 } }""", "$.risk.maxGrossExposure", "allowed 0 to 90000000")]
    public void BadValues_AreRejected_NamingThePathAndTheProblem(string json, string path, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => EngineConfig.Parse(json, "cfg.json"));
        Assert.StartsWith("cfg.json: ", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void TightLimitsConfig_ProducesRejectsInEveryRiskLayer_AndTripsTheKillSwitch()
    {
        var settings = EngineConfig.Load(RepoFiles.PathOf("data/tight-limits-config.json"));
        var (engine, stats) = EngineRun.Run(EngineRun.Synthetic(), settings: settings);
        long Layer(int layer) => Enum.GetValues<RejectReason>().Where(r => (int)r / 100 == layer).Sum(r => stats.RejectsWith((ushort)r));
        Assert.True(Layer(1) > 0, "per-order rejects");
        Assert.True(Layer(2) > 0, "per-position/symbol rejects");
        Assert.True(Layer(3) > 0, "portfolio rejects");
        Assert.True(stats.RejectsWith((ushort)RejectReason.Drawdown) == 1, "one drawdown trip");
        Assert.True(stats.RejectsWith((ushort)RejectReason.KillSwitchActive) > 0, "orders blocked after the trip");
        Assert.True(engine.Core.KillSwitchTripped);
        Assert.Equal(1, stats.CountOf(RecordKind.RiskEvent));
    }
}

public sealed class EngineConfigRoundTripTests
{
    [Fact]
    public void ToJson_ThenParse_GivesEqualSettings()
    {
        foreach (var file in new[] { "data/default-config.json", "data/tight-limits-config.json" })
        {
            var settings = EngineConfig.Load(RepoFiles.PathOf(file));
            var again = EngineConfig.Parse(EngineConfig.ToJson(settings));
            Assert.Equal(settings.Canonical(), again.Canonical());
        }
        var odd = new EngineSettings { Broker = new() { Mode = QpsFast.Engine.Broker.FillMode.NextBarOpen, FeeBps = 0.25m }, Timeframes = [3, 15, 30, 60] };
        Assert.Equal(odd.Canonical(), EngineConfig.Parse(EngineConfig.ToJson(odd)).Canonical());
    }
}
