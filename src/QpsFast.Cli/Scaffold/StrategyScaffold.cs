namespace QpsFast.Cli.Scaffold;

/// <summary>
/// The files of a new strategy project (<c>qps new strategy NAME</c>): a class library that references the
/// QpsFast.Engine package with one example strategy (it reads its book and sends percent targets), an xunit project
/// that runs it through the engine, a solution, and a nuget.config when a package folder is given.
/// </summary>
internal static class StrategyScaffold
{
    /// <summary>Returns each file's path (relative to the project folder) and text.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(string name, string engineVersion, string? feed)
    {
        string ns = name.Replace('-', '_');
        var files = new List<(string, string)>
        {
            ($"{name}.slnx", $"""
                <Solution>
                  <Project Path="src/{name}/{name}.csproj" />
                  <Project Path="tests/{name}.Tests/{name}.Tests.csproj" />
                </Solution>

                """),
            ($"src/{name}/{name}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <!-- Strategies that qps live loads from bin/Release/net10.0/{name}.dll (see README.md). -->
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RootNamespace>{ns}</RootNamespace>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <!-- qps brings the engine when it loads the strategy: compile against it, do not copy it. -->
                    <PackageReference Include="QpsFast.Engine" Version="{engineVersion}" ExcludeAssets="runtime" />
                  </ItemGroup>
                </Project>

                """),
            ($"src/{name}/TrendStrategy.cs", Strategy.Replace("__NS__", ns)),
            ($"tests/{name}.Tests/{name}.Tests.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <IsPackable>false</IsPackable>
                    <IsTestProject>true</IsTestProject>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                    <PackageReference Include="xunit" Version="2.9.3" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                    <PackageReference Include="QpsFast.Engine" Version="{engineVersion}" />
                  </ItemGroup>
                  <ItemGroup>
                    <ProjectReference Include="../../src/{name}/{name}.csproj" />
                  </ItemGroup>
                </Project>

                """),
            ($"tests/{name}.Tests/TrendStrategyTests.cs", Test.Replace("__NS__", ns)),
            ("params.json", """
                { "period": 20, "percent": 100, "stopPercent": 10 }

                """),
            ("README.md", $"""
                # {name}

                A QpsFast strategy project made by `qps new strategy {name}`.

                ```bash
                dotnet test {name}.slnx -c Release
                qps live --data bars.csv --strategy src/{name}/bin/Release/net10.0/{name}.dll --strategy-config params.json --session s1
                qps replay --session s1
                ```

                `src/{name}/TrendStrategy.cs` is the example: it reads its book (position, average price, equity) and sends
                percent-of-equity targets, sized when they fill. The rules a strategy keeps (no clock, no allocation per
                event) and the whole API are in QpsFast's docs/embedding.md.

                """),
        };
        if (feed is not null)
        {
            files.Add(("nuget.config", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <!-- Where the QpsFast packages were packed. -->
                    <add key="qpsfast-local" value="{System.Security.SecurityElement.Escape(Path.GetFullPath(feed))}" />
                  </packageSources>
                </configuration>

                """));
        }
        return files;
    }

    private const string Strategy = """
        using QpsFast.Engine.Pipeline;
        using QpsFast.Engine.Records;
        using QpsFast.Engine.Strategies;
        using QpsFast.Engine.Values;

        namespace __NS__;

        /// <summary>
        /// Holds <c>percent</c> of its equity in symbol 0 while the close is above its <c>period</c>-bar average, sized at
        /// the fill price; exits below the average, or when the close falls <c>stopPercent</c> below the average price it
        /// paid (read from its own book).
        /// </summary>
        public struct TrendStrategy : IStrategyFactory<TrendStrategy>
        {
            private readonly byte _source;
            private readonly int _period;
            private readonly long _fraction;
            private readonly long _stopFraction;
            private readonly long[] _closes;
            private long _sum;
            private int _count;

            private TrendStrategy(byte source, int period, decimal percent, decimal stopPercent)
            {
                if (period < 2)
                    throw new ArgumentException($"parameter period must be at least 2 (got {period})");
                if (percent is <= 0 or > 100 || stopPercent is <= 0 or >= 100)
                    throw new ArgumentException("parameters percent and stopPercent must be in (0, 100]");
                _source = source;
                _period = period;
                _fraction = Money.Create(percent / 100m).Raw;
                _stopFraction = Money.Create(stopPercent / 100m).Raw;
                _closes = new long[period];
            }

            /// <summary>Made by qps (and by replay) from the strategy's parameters.</summary>
            public static TrendStrategy Create(StrategyArgs args) =>
                new(args.Source, args.Int("period", 20), args.Decimal("percent", 100m), args.Decimal("stopPercent", 10m));

            public readonly void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(_source, "trend"));

            public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

            public void Process(ref Slot slot, StrategyContext context)
            {
                ref readonly var input = ref slot.Input;
                if (input.Kind != RecordKind.Bar || input.Symbol != 0)
                    return;
                long close = input.Bar.Close;
                int at = _count % _period;
                _sum += close - (_count >= _period ? _closes[at] : 0);
                _closes[at] = close;
                if (++_count < _period)
                    return;
                var book = context.Book(_source);
                long average = _sum / _period;
                long position = book.Position(0);
                long pending = book.PendingQuantity(0);
                if (position == 0 && pending == 0 && close > average)
                    book.TargetPercent(ref slot, 0, _fraction);
                else if (position > 0 && pending == 0)
                {
                    long stop = book.AveragePrice(0) - FixedPoint.Multiply(book.AveragePrice(0), _stopFraction);
                    if (close < average || close < stop)
                        book.TargetPercent(ref slot, 0, 0);
                }
            }
        }

        """;

    private const string Test = """"
        using System.Text.Json;
        using QpsFast.Engine.Broker;
        using QpsFast.Engine.Pipeline;
        using QpsFast.Engine.Records;
        using QpsFast.Engine.Risk;
        using QpsFast.Engine.Strategies;
        using QpsFast.Engine.Values;
        using QpsFast.Ring;
        using Xunit;
        using Record = QpsFast.Engine.Records.Record;

        namespace __NS__.Tests;

        public sealed class TrendStrategyTests
        {
            [Fact]
            public void BuysTheUptrend_WithItsEquity_AndSellsWhenItTurns()
            {
                // 30 daily bars rising by 1, then 30 falling by 2; each bar stamped at its close.
                var bars = new List<Record>();
                long day = 86_400_000_000_000, t0 = 1_704_067_200_000_000_000;
                decimal price = 100;
                for (int i = 0; i < 60; i++)
                {
                    decimal open = price;
                    price += i < 30 ? 1 : -2;
                    bars.Add(new Record
                    {
                        TimeNs = t0 + (i + 1) * day, Kind = RecordKind.Bar, Aux = 1440,
                        Bar = new BarPayload { Open = Price.Create(open).Raw, High = Price.Create(Math.Max(open, price)).Raw, Low = Price.Create(Math.Min(open, price)).Raw, Close = Price.Create(price).Raw, Volume = Quantity.Create(1000).Raw },
                    });
                }
                var settings = new EngineSettings
                {
                    Pairs = new() { Enabled = false }, Breakout = new() { Enabled = false }, MtfTrend = new() { Enabled = false },
                    Momentum = new() { Enabled = false }, Imbalance = new() { Enabled = false },
                    Risk = new RiskSettings(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                    Broker = new BrokerSettings(FillMode.NextBarOpen, SlippageBps: 0, FeeBps: 0, MinFee: 0),
                };
                using var parameters = JsonDocument.Parse("""{ "period": 5 }""");
                var strategy = TrendStrategy.Create(new StrategyArgs(15, parameters.RootElement, ["X"]));
                var fills = new List<Record>();
                var engine = new EngineBuilder(settings, ["X"]).Build(strategy, new FillSink(fills));
                engine.Start(0, bars[0].TimeNs);
                engine.Publish(bars.ToArray());
                engine.Complete();

                Assert.Equal(2, fills.Count);
                Assert.True(fills[0].Fill.Quantity > 0 && fills[1].Fill.Quantity == -fills[0].Fill.Quantity);
                int book = engine.Core.AlphaSources.IndexOf((byte)15);
                Assert.Equal(0, engine.Core.Ledger.Position(book, 0));
                Assert.True(engine.Core.Ledger.Cash(book) > Money.Create(100_000m).Raw); // bought low, sold higher
            }

            private readonly struct FillSink(List<Record> fills) : IEventHandler<Slot>
            {
                public void OnBatchStart(long batchSize) { }

                public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
                {
                    foreach (var r in slot.Derived)
                    {
                        if (r.Kind == RecordKind.Fill)
                            fills.Add(r);
                    }
                }
            }
        }

        """";
}
