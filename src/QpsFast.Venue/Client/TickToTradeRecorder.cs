using System.Text.Json;
using HdrHistogram;
using QpsFast.Engine.IO;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// Tick-to-trade of a live session against a venue, as the engine sees it: from the receive that brought a market
/// message (<see cref="MarketBurst.Received"/>, the ring slot's latency stamp) to the order it caused written to the
/// order session's socket, the journal's flush before it included. Recorded by the output stage for every order
/// (HdrHistogram, no allocation), read by any thread; wall-clock measurements, never journaled.
/// </summary>
public sealed class TickToTradeRecorder
{
    private const long MaxNs = 60_000_000_000;
    private readonly LongConcurrentHistogram _histogram = new(1, MaxNs, 3);

    /// <summary>Orders measured.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>Records an order sent now for an input received at <paramref name="receivedNs"/> (<see cref="WireHeader.NowNs"/>; 0: not a market input).</summary>
    public void OrderSent(long receivedNs)
    {
        if (receivedNs == 0)
            return;
        _histogram.RecordValue(Math.Clamp(WireHeader.NowNs() - receivedNs, 1, MaxNs));
    }

    /// <summary>Writes the percentiles (ns) to <paramref name="path"/> (atomically): what the dashboard shows for a venue session.</summary>
    public void Write(string path)
    {
        var copy = _histogram.Copy();
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("measure", "tick_to_trade_ns: market message received to the order it caused on the order socket (journal flush included)");
            w.WriteNumber("orders", copy.TotalCount);
            foreach (var (name, p) in new[] { ("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99_9", 99.9) })
                w.WriteNumber(name, copy.TotalCount == 0 ? 0 : copy.GetValueAtPercentile(p));
            w.WriteNumber("max", copy.TotalCount == 0 ? 0 : copy.GetMaxValue());
            w.WriteEndObject();
        });
    }

    /// <summary>Writes <paramref name="path"/> every <paramref name="interval"/> of wall time while orders come, and once more when disposed.</summary>
    public IDisposable WriteEvery(string path, TimeSpan interval) => new Writer(this, path, interval);

    /// <summary>The percentiles as one line (µs), for the session's summary.</summary>
    public string Summary()
    {
        var copy = _histogram.Copy();
        if (copy.TotalCount == 0)
            return "no orders";
        string Us(double p) => (copy.GetValueAtPercentile(p) / 1000.0).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
        return $"{copy.TotalCount:N0} orders: p50 {Us(50)} µs, p99 {Us(99)} µs, p99.9 {Us(99.9)} µs (market message received to order on the socket, journal flush included)";
    }

    private sealed class Writer : IDisposable
    {
        private readonly TickToTradeRecorder _recorder;
        private readonly string _path;
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private long _written = -1;

        public Writer(TickToTradeRecorder recorder, string path, TimeSpan interval)
        {
            (_recorder, _path) = (recorder, path);
            _timer = new Timer(_ => Flush(), null, interval, interval);
        }

        private void Flush()
        {
            lock (_lock)
            {
                if (_recorder.Count == _written)
                    return;
                _written = _recorder.Count;
                try
                {
                    _recorder.Write(_path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // a measurement for the dashboard: the session goes on without it
                }
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            Flush();
        }
    }
}
