using System.Diagnostics;
using QpsFast.Engine.Config;
using QpsFast.Journal;
using QpsFast.Replay;

namespace QpsFast.Dashboard;

/// <summary>
/// One session followed by the dashboard: its journal read on from where the last poll stopped (whole frames only; the
/// writer's lock is never taken), into a <see cref="SessionView"/>. A torn or corrupt journal keeps the valid prefix
/// read and says what is wrong.
/// </summary>
public sealed class SessionTail(string id, string directory)
{
    private readonly Lock _lock = new();
    private JournalPosition _position = JournalPosition.Start;
    private long _lastPoll = long.MinValue;
    private (long Ticks, long Inputs) _rate;

    /// <summary>The session id (its folder's name).</summary>
    public string Id => id;

    /// <summary>The session's folder.</summary>
    public string Directory => directory;

    /// <summary>The view of the records read so far, or null before the journal's configuration could be read.</summary>
    public SessionView? View { get; private set; }

    /// <summary>running, finished, torn, corrupt or no journal.</summary>
    public string State { get; private set; } = "unknown";

    /// <summary>What is wrong with the journal (torn, corrupt, missing), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The most records one poll reads: a long journal is caught up with a slice a poll, so no request waits for all of it.</summary>
    public const long Slice = 2_000_000;

    /// <summary>Whether the last poll stopped at <see cref="Slice"/> with more to read.</summary>
    public bool CatchingUp { get; private set; }

    /// <summary>Inputs per second of wall time between the last polls while the session runs (0 when not running).</summary>
    public double InputsPerSecond { get; private set; }

    /// <summary>Reads what the journal gained since the last poll (at most every <paramref name="minInterval"/>).</summary>
    public void Poll(TimeSpan minInterval)
    {
        lock (_lock)
        {
            long now = Stopwatch.GetTimestamp(); // the dashboard's own pacing and rate: outside any session's records
            if (_lastPoll != long.MinValue && Stopwatch.GetElapsedTime(_lastPoll, now) < minInterval)
                return;
            _lastPoll = now;
            string journal = Path.Combine(directory, "journal");
            bool running = WriterLock.IsHeld(JournalLock.PathOf(journal));
            try
            {
                var reader = JournalReader.Open(journal);
                View ??= new SessionView(SessionManifest.Parse(reader.ReadConfiguration(), journal));
                var view = View;
                _position = reader.ReadFrom(_position, frame =>
                {
                    foreach (ref readonly var r in frame)
                        view.Add(r);
                }, Slice);
                CatchingUp = reader.BudgetReached;
                (State, Problem) = CatchingUp ? (running ? "running" : "reading", $"catching up: {view.Records:N0} records read so far")
                    : running ? ("running", null)
                    : reader.Complete ? ("finished", null)
                    : ("torn", reader.EndProblem + $"; showing the {view.Records:N0} records before it (qps journal repair --session {id} seals it)");
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
            {
                (State, Problem) = running ? ("running", "the session has not written its first frame yet")
                    : File.Exists(Path.Combine(directory, "live.json")) && !System.IO.Directory.Exists(journal) ? ("no journal", "this session ran without a journal (--no-journal): there is nothing to show but its throughput")
                    : ("no journal", e.Message);
            }
            catch (Exception e) when (e is JournalCorruptException or ConfigException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // While the writer runs, its first segment's header may not be written yet: that is a start, not damage.
                (State, Problem) = running ? ("running", $"the journal cannot be read yet ({e.Message})")
                    : ("corrupt", e.Message + (View is { } v ? $"; showing the {v.Records:N0} records before it" : ""));
            }
            // The rate over at least a second, whoever polls (several pages may).
            long inputs = View?.Inputs ?? 0;
            if (!running || CatchingUp)
            {
                InputsPerSecond = 0;
                _rate = (now, inputs);
            }
            else if (_rate.Ticks == 0)
            {
                _rate = (now, inputs);
            }
            else if (Stopwatch.GetElapsedTime(_rate.Ticks, now).TotalSeconds is var seconds && seconds >= 1)
            {
                InputsPerSecond = (inputs - _rate.Inputs) / seconds;
                _rate = (now, inputs);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> while no poll changes the view.</summary>
    public T Read<T>(Func<SessionTail, T> action)
    {
        lock (_lock)
            return action(this);
    }
}
