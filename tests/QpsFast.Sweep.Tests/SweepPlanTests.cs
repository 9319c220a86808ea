using QpsFast.Data.Synthetic;
using QpsFast.Engine.Strategies;

namespace QpsFast.Sweep.Tests;

public sealed class SweepPlanTests
{
    [Theory]
    [InlineData("alphas.pairs.entryZ=1.5:3.0:0.25", "1.5,1.75,2,2.25,2.5,2.75,3")]
    [InlineData("alphas.pairs.entryZ=0.1:0.3:0.1", "0.1,0.2,0.3")] // exact decimal steps: no 0.30000000000000004
    [InlineData("alphas.pairs.window=60,120,240", "60,120,240")]
    [InlineData("broker.mode=NextEvent,NextBarOpen", "NextEvent,NextBarOpen")]
    [InlineData("alphas.pairs.window=7:7:1", "7")]
    public void Parameters_ParseRangesAndLists(string text, string values) =>
        Assert.Equal(values.Split(','), SweepParameter.Parse(text).Values);

    [Theory]
    [InlineData("entryZ", "expected PATH=A:B:STEP")]
    [InlineData("a.b=1:2", "three numbers")]
    [InlineData("a.b=2:1:1", "below its start")]
    [InlineData("a.b=1:2:-1", "above 0")]
    [InlineData("a.b=1,,2", "empty value")]
    [InlineData("a.b=1,1", "given twice")]
    [InlineData(".b=1", "not a configuration path")]
    public void BadParameters_AreOneLine(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => SweepParameter.Parse(text)).Message);

    [Fact]
    public void Grid_VariesTheFirstParameterSlowest_AndWritesValuesIntoTheBase()
    {
        var plan = new SweepPlan("""{ "alphas": { "pairs": { "exitZ": 0.25 } } }""", [SweepParameter.Parse("alphas.pairs.entryZ=1,2"), SweepParameter.Parse("alphas.pairs.window=60,120,240")]);
        var trials = plan.Trials();
        Assert.Equal(6, trials.Count);
        Assert.Equal([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]], trials);
        var settings = plan.Settings(trials[5]);
        Assert.Equal((2.0, 240, 0.25), (settings.Pairs.EntryZ, settings.Pairs.Window, settings.Pairs.ExitZ));
    }

    [Fact]
    public void RandomDraws_AreDistinct_AndTheSameForTheSameSeed()
    {
        SweepPlan Plan(long seed) => new("{}", [SweepParameter.Parse("alphas.pairs.entryZ=1:3:0.1"), SweepParameter.Parse("alphas.pairs.window=10:500:10")]) { Random = 40, RandomSeed = seed };
        var a = Plan(5).Trials();
        Assert.Equal(40, a.Count);
        Assert.Equal(40, a.Select(p => $"{p[0]}/{p[1]}").Distinct().Count());
        Assert.Equal(a, Plan(5).Trials());
        Assert.NotEqual(a, Plan(6).Trials());
        Assert.NotEqual(Plan(5).Hash(), Plan(6).Hash());
        // Pinned: SplitMix64 is ours, so the draw is the same on every machine and runtime.
        Assert.Equal([13, 18], a[0]);
    }

    [Fact]
    public void ACombinationTheConfigurationRefuses_IsNamedBeforeAnythingRuns()
    {
        var plan = new SweepPlan("{}", [SweepParameter.Parse("alphas.pairs.entryZ=0.4,2"), SweepParameter.Parse("alphas.pairs.exitZ=0.1,1")]);
        plan.Validate(); // each value alone is fine
        var e = Assert.Throws<ArgumentException>(() => plan.Trials().Select(plan.Settings).ToList());
        Assert.Contains("--vary alphas.pairs.entryZ=0.4, alphas.pairs.exitZ=1", e.Message);
        Assert.Contains("must be below entryZ", e.Message);
    }

    [Fact]
    public void Trials_GiveTheSameResultsOnOneWorkerAsOnTwo_AndShardsMergeIntoTheWhole()
    {
        var options = new SyntheticOptions(2, 4, 11);
        var records = new List<QpsFast.Engine.Records.Record>();
        new SyntheticMarket(options).Generate(chunk => records.AddRange(chunk.ToArray()));
        var data = new SweepData([.. records], SyntheticMarket.NamesFor(4), 11);
        var plan = new SweepPlan("{}", [SweepParameter.Parse("alphas.pairs.entryZ=1.5,2.5"), SweepParameter.Parse("alphas.pairs.window=60,240")]);
        var all = Enumerable.Range(0, 4).ToArray();
        var one = SweepRunner.Run(plan, all, data, [], new StrategyRegistry(), 1);
        var two = SweepRunner.Run(plan, all, data, [], new StrategyRegistry(), 2);
        Assert.Equal(one.Select(t => t.Digest), two.Select(t => t.Digest));
        Assert.Equal(4, one.Select(t => t.Digest).Distinct().Count());
        Assert.Equal(one.Select(t => t.Book("pairs")), two.Select(t => t.Book("pairs")));
        var source = new DataSource(["synthetic"], 2, 4, 11, records.Count, 1, data.Symbols);
        SweepResults Part(int i) => new(plan, source, new StrategyArgs([], []), "sharpe", "pairs", 4, (i, 2),
            SweepRunner.Run(plan, [.. all.Where(k => k % 2 == i)], data, [], new StrategyRegistry(), 1));
        var merged = SweepResults.Merge([("b", Part(1)), ("a", Part(0))]);
        Assert.Equal(one.Select(t => (t.Trial, t.Digest)), merged.Trials.Select(t => (t.Trial, t.Digest)));
        Assert.Contains("in none of the parts", Assert.Throws<InvalidDataException>(() => SweepResults.Merge([("a", Part(0))])).Message);
        var other = Part(0) with { Plan = plan with { RandomSeed = 9 } };
        Assert.Contains("another sweep's results", Assert.Throws<InvalidDataException>(() => SweepResults.Merge([("a", Part(1)), ("x", other)])).Message);
    }
}

public sealed class AnalysisSinkTests
{
    [Fact]
    public void TheTrialsOutputStage_AllocatesNothing_OnceItsWorkersBufferHasRoom()
    {
        var records = new List<QpsFast.Engine.Records.Record>();
        new SyntheticMarket(new SyntheticOptions(1, 4, 5)).Generate(chunk => records.AddRange(chunk.ToArray()));
        var buffer = new RecordBuffer();
        var sink = new AnalysisSink(new QpsFast.Engine.Pipeline.StreamStats(), buffer);
        var slot = new QpsFast.Engine.Pipeline.Slot();
        void Feed()
        {
            for (int i = 0; i < records.Count; i++)
            {
                slot.Reset(records[i]);
                sink.OnEvent(ref slot, i, false);
            }
        }
        Feed(); // the first trial: the buffer grows to the room it needs
        int kept = buffer.Count;
        Assert.True(kept > 1000 && kept < records.Count, $"{kept} of {records.Count} kept: bars, not book updates");
        buffer.Clear();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Feed(); // the next trial on the same worker
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(kept, buffer.Count);
    }
}
