using System.Diagnostics;

namespace QpsFast.Cli;

/// <summary>
/// The sweep's progress bar with its ETA: redrawn in place on a terminal, a line every tenth of the trials when the
/// error stream is redirected (a log, a test). Called from the workers.
/// </summary>
internal sealed class SweepProgress(TextWriter o, Stopwatch clock, string unit = "trials")
{
    private readonly Lock _lock = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastTenth = -1;
    private long _lastDraw;

    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> trials are finished.</summary>
    public void Report(int done, int total)
    {
        lock (_lock)
        {
            double elapsed = clock.Elapsed.TotalSeconds;
            var eta = TimeSpan.FromSeconds(done == 0 ? 0 : elapsed / done * (total - done));
            if (_interactive)
            {
                if (done < total && clock.ElapsedMilliseconds - _lastDraw < 100)
                    return;
                _lastDraw = clock.ElapsedMilliseconds;
                int filled = total == 0 ? 30 : done * 30 / total;
                o.Write($"\r  [{new string('#', filled)}{new string('.', 30 - filled)}] {done:N0}/{total:N0} {unit}, ETA {eta:h\\:mm\\:ss}   ");
            }
            else if (total > 0 && done * 10 / total is var tenth && tenth > _lastTenth)
            {
                _lastTenth = tenth;
                o.WriteLine($"  progress {done:N0}/{total:N0} {unit}, {elapsed:F1} s, ETA {eta:h\\:mm\\:ss}");
            }
        }
    }

    /// <summary>Ends the bar's line.</summary>
    public void Finish()
    {
        if (_interactive)
            o.WriteLine();
    }
}
