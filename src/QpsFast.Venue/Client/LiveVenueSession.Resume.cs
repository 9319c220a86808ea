using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Journal;
using QpsFast.Replay;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>Crash recovery of a live venue session (docs/protocol.md).</summary>
public static partial class LiveVenueSession
{
    /// <summary>
    /// Resumes a session a crash cut short: repairs and seals its journal, rebuilds every stage by replaying the journal
    /// (nothing is sent), checks the replay reproduces it, reconnects to the venue, reconciles, and goes on writing the
    /// same session's journal (a new segment).
    /// </summary>
    /// <exception cref="ResumeException">The journal cannot be resumed (ended, or its replay does not reproduce it).</exception>
    /// <exception cref="ProtocolException">The venue cannot be reached.</exception>
    [RequiresDynamicCode(StrategyHost.Reason)]
    [RequiresUnreferencedCode(StrategyHost.Reason)]
    public static LiveVenueResult Resume(string journalDirectory, string address, Func<SessionManifest, SessionPlan> plan, LiveVenueOptions? options = null)
    {
        options ??= new LiveVenueOptions();
        var from = JournalContinuation.Prepare(journalDirectory);
        JournalWriter? journal = null;
        try
        {
            if (from.LoggedOut)
                throw new ResumeException($"{journalDirectory}: the session already ended (its journal holds its logout); nothing to resume");
            var manifest = SessionManifest.Parse(from.Configuration, journalDirectory);
            if (manifest.Venue is null)
                throw new ResumeException($"{journalDirectory}: the session did not trade with a venue (resume is for qps live --venue sessions){(from.Ended ? "; it already ended" : "")}");
            var sessionPlan = plan(manifest) with { JournalDirectory = journalDirectory, MaxSegmentBytes = from.MaxSegmentBytes };
            var gateway = new VenueOrderGateway(null);
            var resume = new ResumeState { LiveFrom = from.NextSequence, ExpectedDigest = from.Digest.Value };
            (var engine, var stats, journal) = Build(sessionPlan, gateway, resume, from, options.TickToTrade);
            var clock = Stopwatch.StartNew();
            engine.StartThreads();
            var batch = new Record[1024];
            int n = 0;
            JournalReader.Open(journalDirectory).Read(frame =>
            {
                foreach (ref readonly var r in frame)
                {
                    if (r.Source != SourceId.Feed)
                        continue;
                    batch[n++] = r;
                    if (n == batch.Length)
                    {
                        engine.Publish(batch);
                        n = 0;
                    }
                }
            });
            engine.Publish(batch.AsSpan(0, n));
            engine.WaitUntilProcessed();
            if (resume.Failed || resume.Replayed.Count != from.NextSequence || resume.Replayed.Value != from.Digest.Value)
            {
                engine.Drain();
                throw new ResumeException($"{journalDirectory}: replaying the journal gives {resume.Replayed.Count:N0} records with digest {resume.Replayed}, " +
                    $"but the journal holds {from.NextSequence:N0} with digest {from.Digest}: the engine, its configuration or a strategy differs from the session's");
            }
            var inputs = new SessionInputs(engine);
            inputs.ContinueFrom(from.MarketRecords, from.Reports);
            var session = new Session(address, sessionPlan, engine, stats, journal, gateway, inputs, options, clock) { Resumed = from, EndJournaled = from.Ended };
            var venue = session.Reconnect(out string? why)
                ?? throw new ProtocolException($"no venue answers at {address} to resume the session: {why}");
            return session.Drive(venue, reconciling: true);
        }
        catch
        {
            // Nothing is ended or sealed by a resume that fails: the journal stays resumable and its lock is released.
            journal?.Abandon();
            from.Release();
            throw;
        }
    }
}
