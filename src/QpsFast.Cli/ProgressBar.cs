using System.Diagnostics;

namespace QpsFast.Cli;

/// <summary>
/// A progress bar with the rate and ETA (sweeps, imports): redrawn in place on a terminal, a line every tenth of the
/// work when the error stream is redirected (a log, a test). Thread-safe: sweep workers call it.
/// </summary>
internal sealed class ProgressBar(TextWriter o, Stopwatch clock, string unit = "trials")
{
    private readonly Lock _lock = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastTenth = -1;
    private long _lastDraw;
    private readonly string _unit = unit;

    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> units are finished (a sweep's trials).</summary>
    public void Report(int done, int total) => Report((long)done, total);

    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> units are finished, and (an import) the <paramref name="records"/> written so far, whose rate is shown.</summary>
    public void Report(long done, long total, long? records = null)
    {
        lock (_lock)
        {
            double elapsed = clock.Elapsed.TotalSeconds;
            var eta = TimeSpan.FromSeconds(done == 0 ? 0 : elapsed / done * (total - done));
            string rate = records is long n ? $", {n:N0} records{(elapsed > 0.05 ? $", {n / elapsed:N0} records/s" : "")}"
                : elapsed > 0.05 && done > 0 ? $", {done / elapsed:N0} {_unit}/s" : "";
            if (_interactive)
            {
                if (done < total && clock.ElapsedMilliseconds - _lastDraw < 100)
                    return;
                _lastDraw = Math.Max(1, clock.ElapsedMilliseconds);
                int filled = total == 0 ? 30 : (int)(done * 30 / total);
                o.Write($"\r  [{new string('#', filled)}{new string('.', 30 - filled)}] {done:N0}/{total:N0} {_unit}{rate}, ETA {eta:h\\:mm\\:ss}   ");
            }
            else if (total > 0 && (int)(done * 10 / total) is var tenth && tenth > _lastTenth)
            {
                _lastTenth = tenth;
                o.WriteLine($"  progress {done:N0}/{total:N0} {_unit}, {elapsed:F1} s{rate}, ETA {eta:h\\:mm\\:ss}");
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
