using QpsFast.Data.Synthetic;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Venue.Client;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Venue.Tests;

/// <summary>The venue and a live session in one process, on loopback (the two-process runs are in the CLI tests).</summary>
public sealed class VenueSessionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qps-venue-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, true);
    }

    internal static Record[] Data(int days = 1)
    {
        var list = new List<Record>();
        new SyntheticMarket(new SyntheticOptions(Days: days)).Generate(c => list.AddRange(c));
        return [.. list];
    }

    internal static (LiveVenueResult Live, VenueRunSummary Venue, List<ExecutionReport> Sent) Run(Record[] data, string journal, EngineSettings settings, double speed = 0, VenueOptions? venueOptions = null,
        bool inline = false)
    {
        var names = SyntheticMarket.NamesFor(4);
        using var server = new VenueServer((venueOptions ?? new VenueOptions()) with { Speed = speed, Linger = TimeSpan.FromSeconds(20) }, names, data);
        var venue = Task.Factory.StartNew(() => server.Run(), TaskCreationOptions.LongRunning);
        var live = LiveVenueSession.Run($"127.0.0.1:{server.Port}", v => new SessionPlan
        {
            Manifest = new SessionManifest("venue-test", v.Symbols, 0, "fused", settings) { Venue = v.Address },
            JournalDirectory = journal,
            InlineFeed = inline, // the engine and the journal on the thread that publishes each input
            InlineOutput = inline,
        });
        if (live.Problem is not null && venue.IsFaulted)
            Assert.Fail($"engine: {live.Problem}; venue: {venue.Exception!.InnerException}");
        Assert.True(venue.Wait(TimeSpan.FromSeconds(60)), "the venue stops by itself");
        return (live, venue.Result, server.Sent);
    }

    internal static List<Record> Journaled(string dir, RecordKind kind)
    {
        var list = new List<Record>();
        JournalReader.Open(dir).Read(frame =>
        {
            foreach (ref readonly var r in frame)
            {
                if (r.Kind == kind)
                    list.Add(r);
            }
        });
        return list;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the engine and the journal inline on the feed handler's (or report reader's) thread
    public void Session_Trades_EveryFillMatchesAVenueReport_AndReplaysToPass(bool inline)
    {
        var (live, venue, sent) = Run(Data(), _dir, new EngineSettings(), inline: inline);
        Assert.True(live.Problem is null, live.Problem);
        Assert.True(live.Reconnects == 0, string.Join(" | ", live.ReconnectReasons));
        Assert.True(venue.LoggedOut);
        Assert.True(live.OrdersSent > 10, $"the session traded ({live.OrdersSent} orders)");

        var fills = Journaled(_dir, RecordKind.Fill);
        var venueFills = sent.Where(x => x.Type is ExecType.Fill or ExecType.PartialFill).ToList();
        Assert.NotEmpty(fills);
        Assert.Equal(venueFills.Select(x => (x.OrderId, x.Symbol, x.Quantity, x.Price, x.Fee)),
            fills.Select(f => (f.Fill.OrderId, (int)f.Symbol, f.Fill.Quantity, f.Fill.Price, f.Fill.Fee)));
        // Every report the venue sent is a journaled input, in the order the venue sent them.
        var reports = Journaled(_dir, RecordKind.Execution);
        Assert.Equal(sent.Select(x => (x.OrderId, x.Type)), reports.Select(r => (r.Execution.OrderId, (ExecType)r.Flags)));

        // The engine's positions are the venue's record of them.
        var ledger = live.Session.Engine.Core.Ledger;
        Assert.Equal(venue.Positions, Enumerable.Range(0, 4).Select(ledger.SymbolPosition));

        var replay = ReplayVerifier.Run(_dir, new ReplayVerifier.Options());
        Assert.True(replay.Pass, $"replay: {replay.Mismatches} mismatches, first {replay.FirstDivergence}");
        Assert.Equal(live.Session.Stats.Inputs, replay.Inputs);
    }

    [Fact]
    public void FlatteningBooks_AreFlatAtTheEnd_ByTheVenuesFills()
    {
        var s = new EngineSettings();
        s = s with
        {
            Pairs = s.Pairs with { FlattenAtSessionEnd = true }, Breakout = s.Breakout with { FlattenAtSessionEnd = true },
            MtfTrend = s.MtfTrend with { FlattenAtSessionEnd = true }, Momentum = s.Momentum with { FlattenAtSessionEnd = true },
            Imbalance = s.Imbalance with { FlattenAtSessionEnd = true },
        };
        var (live, venue, _) = Run(Data(), _dir, s);
        Assert.True(live.Problem is null, live.Problem);
        Assert.Equal(0, live.OpenOrdersAtEnd);
        Assert.All(venue.Positions, p => Assert.Equal(0, p));
        var ledger = live.Session.Engine.Core.Ledger;
        for (int b = 0; b < ledger.Books; b++)
            Assert.All(Enumerable.Range(0, 4), sym => Assert.Equal(0, ledger.Position(b, sym)));
        Assert.True(ReplayVerifier.Run(_dir, new ReplayVerifier.Options()).Pass);
    }

    [Fact]
    public void SameVenueDataTwice_JournalsDifferInArrivalInterleaving_YetEachReplaysToPass()
    {
        var data = Data();
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        var first = Run(data, a, new EngineSettings());
        var second = Run(data, b, new EngineSettings());
        Assert.True(first.Live.Problem is null && second.Live.Problem is null);
        // Where each execution report landed among the market data differs from run to run (socket timing)...
        var at = (string dir) => Journaled(dir, RecordKind.Execution).Select(r => r.Sequence).ToArray();
        Assert.NotEqual(at(a), at(b));
        Assert.NotEqual(first.Live.Session.Stats.Digest.ToString(), second.Live.Session.Stats.Digest.ToString());
        // ...and each journal is still the whole truth of its own run.
        Assert.True(ReplayVerifier.Run(a, new ReplayVerifier.Options()).Pass);
        Assert.True(ReplayVerifier.Run(b, new ReplayVerifier.Options()).Pass);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AGapOrADroppedLink_Reconnects_TheVenueResendsAndReconciles_NothingIsLost_AndTheSessionReplaysToPass(bool gap)
    {
        var data = Data();
        var fault = gap ? new VenueOptions { FaultGapAt = 20_000 } : new VenueOptions { FaultDropAt = 30_000 };
        var (live, venue, sent) = Run(data, _dir, new EngineSettings(), venueOptions: fault);
        Assert.True(live.Problem is null, live.Problem);
        Assert.True(live.Reconnects == 1, string.Join(" | ", live.ReconnectReasons));
        Assert.Equal(1, venue.Reconnects);
        // Every market record once, in order, although the venue sent some twice.
        var all = new List<Record>();
        JournalReader.Open(_dir).Read(frame => { foreach (ref readonly var r in frame) if (r.IsMarketData && r.Source == SourceId.Feed) all.Add(r); });
        for (int k = 0; k < Math.Min(all.Count, data.Length); k++)
        {
            if (all[k].TimeNs != data[k].TimeNs || all[k].Kind != data[k].Kind || all[k].Symbol != data[k].Symbol || all[k].Bar.Open != data[k].Bar.Open)
                Assert.Fail($"market record {k} differs: journal {all[k].Kind} {all[k].TimeNs} sym {all[k].Symbol}, data {data[k].Kind} {data[k].TimeNs} sym {data[k].Symbol}; journal has {all.Count}");
        }
        Assert.Equal(data.Length, all.Count);
        // Every fill the venue made is journaled once, and booked.
        var fills = Journaled(_dir, RecordKind.Fill);
        var venueFills = sent.Where(x => x.Type is ExecType.Fill or ExecType.PartialFill).ToList();
        Assert.Equal(venueFills.Select(x => (x.OrderId, x.Quantity, x.Price)), fills.Select(f => (f.Fill.OrderId, f.Fill.Quantity, f.Fill.Price)));
        // The reconciliation is journaled, and found nothing to correct.
        var executions = Journaled(_dir, RecordKind.Execution);
        Assert.Single(executions, e => (ExecType)e.Flags == ExecType.ReconcileEnd);
        Assert.DoesNotContain(Journaled(_dir, RecordKind.RiskEvent), e => e.Aux == (ushort)QpsFast.Engine.Risk.RejectReason.ReconcileMismatch);
        var ledger = live.Session.Engine.Core.Ledger;
        Assert.Equal(venue.Positions, Enumerable.Range(0, 4).Select(ledger.SymbolPosition));
        Assert.True(ReplayVerifier.Run(_dir, new ReplayVerifier.Options()).Pass);
    }

    [Fact]
    public void ALinkLostWhileTheSessionEnds_Reconnects_AndTheSessionEndsInAgreementWithTheVenue()
    {
        var s = new EngineSettings();
        s = s with { Pairs = s.Pairs with { FlattenAtSessionEnd = true }, Momentum = s.Momentum with { FlattenAtSessionEnd = true }, Imbalance = s.Imbalance with { FlattenAtSessionEnd = true } };
        var (live, venue, _) = Run(Data(), _dir, s, venueOptions: new VenueOptions { FaultDropAfterEnd = true });
        Assert.True(live.Problem is null, live.Problem);
        Assert.True(live.Reconnects == 1, string.Join(" | ", live.ReconnectReasons));
        Assert.Equal(0, live.OpenOrdersAtEnd);
        var ledger = live.Session.Engine.Core.Ledger;
        Assert.Equal(venue.Positions, Enumerable.Range(0, 4).Select(ledger.SymbolPosition));
        Assert.True(ReplayVerifier.Run(_dir, new ReplayVerifier.Options()).Pass);
    }
}
