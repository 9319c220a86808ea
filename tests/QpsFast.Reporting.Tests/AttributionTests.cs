using QpsFast.Data.Readers;
using QpsFast.Data.Synthetic;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Journal;
using QpsFast.Replay;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Reporting.Tests;

/// <summary>
/// Round trips are attributed to their own symbol's fills: for every book, Σ trip P&amp;L (and the P&amp;L of the
/// positions still open) equals realized P&amp;L − fees, to the raw unit, on real journals.
/// </summary>
public sealed class AttributionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qps-attribution-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void DefaultDemo_EveryBook_TripsSumToRealizedLessFees()
    {
        var records = new List<Record>();
        new SyntheticMarket(new SyntheticOptions()).Generate(c => records.AddRange(c));
        var plan = new SessionPlan { Manifest = new SessionManifest("demo", SyntheticMarket.NamesFor(4), 42, "fused", new EngineSettings()), JournalDirectory = _dir };
        var analysis = CheckIdentity(plan, records.ToArray());
        // The multi-symbol alpha of issue 13's report: its trips summed to 11,508 against 4,382 before.
        var momentum = analysis.Alphas.Single(a => a.Source == AlphaIds.CrossAssetMomentum);
        Assert.True(momentum.TripPnlRaw.Count > 100);
    }

    [Fact]
    public void AMultiSymbolUserStrategy_TripsSumToRealizedLessFees()
    {
        var records = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: 3)).Generate(c => records.AddRange(c));
        var names = SyntheticMarket.NamesFor(4);
        var spec = StrategyHost.Specify(typeof(Rotator), AlphaIds.FirstUser, "{}", names);
        var plan = new SessionPlan
        {
            Manifest = new SessionManifest("rotator", names, 42, "fused", new EngineSettings()) { Strategies = [spec] },
            Strategies = new StrategyRegistry().Add<Rotator>(),
            JournalDirectory = _dir,
        };
        var analysis = CheckIdentity(plan, records.ToArray());
        var rotator = analysis.Alphas.Single(a => a.Name == "rotator");
        Assert.True(rotator.TripPnlRaw.Count > 50, $"{rotator.TripPnlRaw.Count} trips");
    }

    [SkippableFact]
    public void AnFxcmRun_TripsSumToRealizedLessFees()
    {
        var data = MarketDataLoader.Load([SharedData.PathOf("fxcm/gbpusd-m1-bid-2012.csv")]);
        var plan = new SessionPlan { Manifest = new SessionManifest("fxcm", data.Symbols, 0, "fused", new EngineSettings()), JournalDirectory = _dir };
        var analysis = CheckIdentity(plan, data.Records);
        Assert.True(analysis.Alphas.Sum(a => a.TripPnlRaw.Count) > 100);
    }

    private static SessionAnalysis CheckIdentity(SessionPlan plan, Record[] records)
    {
        var engine = SessionRunner.Run(plan, records).Engine;
        var analysis = SessionAnalysis.FromJournal(plan.JournalDirectory!);
        var ledger = engine.Core.Ledger;
        for (int b = 0; b < ledger.Books; b++)
        {
            var a = analysis.Alphas[b];
            long trips = a.TripPnlRaw.Sum();
            Assert.Equal((a.Name, ledger.Realized(b) - ledger.Fees(b)), (a.Name, trips + a.OpenTripsPnlRaw));
            Assert.Equal(engine.Core.RoundTrips(b), a.TripPnlRaw.Count);
        }
        return analysis;
    }

    /// <summary>Holds 20 % of its equity in one symbol at a time, moving to the next every 45 one-minute bars of it.</summary>
    public readonly struct Rotator : IStrategyFactory<Rotator>
    {
        private readonly byte _source;
        private readonly long[] _bars;

        private Rotator(byte source)
        {
            _source = source;
            _bars = new long[2];
        }

        public static Rotator Create(StrategyArgs args) => new(args.Source);

        public void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(_source, "rotator"));

        public void OnOrderEvent(in Record record, StrategyContext context) { }

        public void Process(ref Slot slot, StrategyContext context)
        {
            if (slot.Input.Kind != RecordKind.Bar || slot.Input.Aux != 1 || slot.Input.Symbol != 0)
                return;
            long n = _bars[0]++;
            if (n % 45 != 0)
                return;
            var book = context.Book(_source);
            int held = (int)(n / 45 % 4);
            int previous = (held + 3) % 4;
            if (book.Position(previous) != 0)
                book.TargetPercent(ref slot, (ushort)previous, 0);
            book.TargetPercent(ref slot, (ushort)held, FixedPoint.Scale / 5, lotDecimals: 2);
        }
    }
}
