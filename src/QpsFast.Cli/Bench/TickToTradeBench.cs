using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Ring;
using QpsFast.Venue.Client;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;

namespace QpsFast.Cli.Bench;

/// <summary>
/// <c>qps bench tick-to-trade</c>: this process is the engine; a child <c>qps venue --probe</c> is the venue, which
/// stamps each market message at send and the order it triggered at receipt (one clock: wire to wire), and first runs
/// a raw ping-pong over the same two connections (the floor). The engine's own stamps split the time per hop.
/// </summary>
internal static class TickToTradeBench
{
    public sealed record Options(int[] Rates, double Seconds, int ProbeEvery, int Pings, WaitKind Wait, string? JsonPath, string? SamplesPath = null, int WriteGapUs = 0, bool InlineFeed = false);

    private static readonly double[] s_percentiles = [50, 90, 99, 99.9];

    public static int Run(Options o, TextWriter w)
    {
        string work = Directory.CreateTempSubdirectory("qps-t2t-").FullName;
        try
        {
            return Measure(o, w, work);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    private static int Measure(Options o, TextWriter w, string work)
    {
        string portFile = Path.Combine(work, "port"), csv = Path.Combine(work, "probe.csv");
        using var venue = StartSelf("venue", "--probe", "--rates", string.Join(',', o.Rates), "--seconds", o.Seconds.ToString(CultureInfo.InvariantCulture),
            "--probe-every", o.ProbeEvery.ToString(CultureInfo.InvariantCulture), "--pings", o.Pings.ToString(CultureInfo.InvariantCulture), "--probe-out", csv, "--port-file", portFile,
            "--write-gap-us", o.WriteGapUs.ToString(CultureInfo.InvariantCulture));
        int port = WaitForPort(portFile, venue);
        int probes = ProbeVenue.Probes(new ProbeOptions { Rates = o.Rates, Seconds = o.Seconds, ProbeEvery = o.ProbeEvery });
        var stamps = new ProbeStamps(probes, o.ProbeEvery);
        using var connection = VenueConnection.Open($"127.0.0.1:{port}", TimeSpan.FromSeconds(30));
        var settings = new EngineSettings();
        settings = settings with { Risk = settings.Risk with { MaxOrdersPerMinute = 0 } };
        var gateway = new ProbeGateway(new VenueOrderGateway(connection.OrdersOut), stamps);
        var stats = new StreamStats();
        var engine = new EngineBuilder(settings, connection.Symbols) { RemoteVenue = true, Gateway = gateway, Wait = o.Wait, InlineFeed = o.InlineFeed, InlineOutput = o.InlineFeed }
            .Build(new TickProbeStrategy(stamps), new StatsSink(stats));
        var inputs = new SessionInputs(engine);
        engine.Start(0, connection.FirstTimeNs);
        var reports = new ReportReader(connection.Orders, inputs);
        var reader = new Thread(reports.Run) { Name = "qps-exec-reports", IsBackground = true };
        reader.Start();
        Feed(connection, inputs, stamps);
        inputs.End();
        var deadline = Stopwatch.StartNew();
        while (inputs.WaitUntilProcessed() && engine.Core.OpenOrders > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(5);
        connection.OrdersOut.Commit(LogoutMessage.Write(connection.OrdersOut.Claim(), connection.OrdersOut.NextSequence));
        connection.OrdersOut.Flush();
        reader.Join(TimeSpan.FromSeconds(10));
        engine.Drain();
        var stdout = venue.StandardOutput.ReadToEndAsync();
        var stderr = venue.StandardError.ReadToEndAsync();
        if (!venue.WaitForExit(TimeSpan.FromSeconds(60)) || venue.ExitCode != 0 || !File.Exists(csv))
        {
            w.WriteLine($"error: the probe venue failed: {stderr.Result.Trim()}");
            return ExitCodes.VerificationFailed;
        }
        if (o.SamplesPath is { } keep)
            File.Copy(csv, keep, overwrite: true);
        var (pings, sent, answered, phase) = ReadCsv(csv, probes);
        Report(o, w, stamps, pings, sent, answered, phase);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The feed handler of the probe session: echoes pings at once; trades into the ring, stamped, every message one
    /// receive brought in one hand-off (one wake-up of the engine per burst, not per message).
    /// </summary>
    private static void Feed(VenueConnection connection, SessionInputs inputs, ProbeStamps stamps)
    {
        var md = connection.MarketData;
        var echo = connection.OrdersOut;
        var burst = new MarketBurst();
        while (true)
        {
            var m = burst.Read(md, out bool closed);
            if (burst.Count > 0)
            {
                inputs.Market(burst.Records.AsSpan(0, burst.Count), burst.Received.AsSpan(0, burst.Count), md.LastSequence);
                long published = WireHeader.NowNs();
                for (int k = 0; k < burst.Count; k++)
                {
                    int i = stamps.IndexOf(burst.Records[k].TimeNs);
                    if (i >= 0)
                    {
                        stamps.Published[i] = published;
                        stamps.Received[i] = burst.Received[k];
                        stamps.VenueSent[i] = burst.Sent[k];
                    }
                }
            }
            if (closed)
                throw new ProtocolException("the probe venue closed the market-data session before its end");
            if (m.IsEmpty)
                continue;
            byte type = WireHeader.Type(m);
            if (type == MessageType.EndOfSession)
                return;
            if (type == MessageType.Heartbeat && HeartbeatMessage.VenueTimeNs(m) == ProbeVenue.PingMark)
            {
                echo.Commit(HeartbeatMessage.Write(echo.Claim(), echo.NextSequence, WireHeader.Stamp(m)));
                echo.Flush();
            }
        }
    }

    private static void Report(Options o, TextWriter w, ProbeStamps s, long[] pings, long[] sent, long[] answered, int[] phase)
    {
        var ping = Histogram(pings);
        w.WriteLine($"qps bench tick-to-trade: engine (this process) and venue (a child process) on 127.0.0.1, {Environment.ProcessorCount} CPUs shared, wait {o.Wait.ToString().ToLowerInvariant()}{(o.InlineFeed ? ", engine inline on the feed handler's thread" : "")}, a probe every {o.ProbeEvery} messages");
        w.WriteLine($"  warm-up  1 s at {o.Rates[0]:N0}/s first, not measured{(o.WriteGapUs > 0 ? $"; the venue writes at most every {o.WriteGapUs} µs (what falls due in between goes out together)" : "")}");
        w.WriteLine($"  floor    raw TCP ping-pong round trip over the same connections, {pings.Length:N0} round trips: {Line(ping)}");
        var results = new List<(int Rate, LongHistogram T2t, long Probes, long Answered, Dictionary<string, long> Hops)>();
        for (int p = 0; p < o.Rates.Length; p++)
        {
            var t2t = new List<long>();
            var hops = new Dictionary<string, List<long>> { ["wire in"] = [], ["decode, ring, alphas"] = [], ["strategy, risk, order"] = [], ["gateway encode+send"] = [], ["wire out"] = [] };
            long probes = 0;
            for (int i = 0; i < sent.Length; i++)
            {
                if (sent[i] == 0 || phase[i] != p)
                    continue;
                probes++;
                if (answered[i] == 0 || s.GatewayOut[i] == 0)
                    continue;
                t2t.Add(answered[i] - sent[i]);
                hops["wire in"].Add(s.Received[i] - s.VenueSent[i]);
                hops["decode, ring, alphas"].Add(s.Strategy[i] - s.Received[i]);
                hops["strategy, risk, order"].Add(s.GatewayIn[i] - s.Strategy[i]);
                hops["gateway encode+send"].Add(s.GatewayOut[i] - s.GatewayIn[i]);
                hops["wire out"].Add(answered[i] - s.GatewayOut[i]);
            }
            var h = Histogram([.. t2t]);
            var medians = hops.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
            results.Add((o.Rates[p], h, probes, t2t.Count, medians));
            w.WriteLine($"  {o.Rates[p],7:N0}/s tick-to-trade, {t2t.Count:N0} of {probes:N0} probes answered: {Line(h)}; p50 / floor p50 = {(double)h.GetValueAtPercentile(50) / Math.Max(1, ping.GetValueAtPercentile(50)):F2}");
            w.WriteLine($"           hops (medians): {string.Join(", ", medians.Select(kv => $"{kv.Key} {Us(kv.Value)}"))}");
        }
        if (o.JsonPath is { } path)
        {
            AtomicFile.Write(path, stream =>
            {
                using var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                j.WriteStartObject();
                j.WriteString("benchmark", "tick-to-trade");
                j.WriteNumber("cpus", Environment.ProcessorCount);
                j.WriteString("wait", o.Wait.ToString().ToLowerInvariant());
                j.WriteString("feed", o.InlineFeed ? "inline" : "thread");
                j.WriteNumber("probe_every", o.ProbeEvery);
                j.WriteStartObject("ping_pong_round_trip_ns");
                Percentiles(j, ping);
                j.WriteEndObject();
                j.WriteStartArray("rates");
                foreach (var (rate, h, probes, count, hops) in results)
                {
                    j.WriteStartObject();
                    j.WriteNumber("offered_per_second", rate);
                    j.WriteNumber("probes", probes);
                    j.WriteNumber("answered", count);
                    Percentiles(j, h);
                    j.WriteNumber("p50_over_floor_p50", Math.Round((double)h.GetValueAtPercentile(50) / Math.Max(1, ping.GetValueAtPercentile(50)), 3));
                    j.WriteStartObject("hop_medians_ns");
                    foreach (var (k, v) in hops)
                        j.WriteNumber(k, v);
                    j.WriteEndObject();
                    j.WriteEndObject();
                }
                j.WriteEndArray();
                j.WriteEndObject();
            });
        }
    }

    private static void Percentiles(Utf8JsonWriter j, LongHistogram h)
    {
        foreach (var p in s_percentiles)
            j.WriteNumber($"p{p.ToString(CultureInfo.InvariantCulture).Replace('.', '_')}_ns", h.GetValueAtPercentile(p));
        j.WriteNumber("max_ns", h.GetMaxValue());
    }

    private static LongHistogram Histogram(long[] values)
    {
        var h = new LongHistogram(60_000_000_000, 3);
        foreach (var v in values)
            h.RecordValue(Math.Clamp(v, 0, 60_000_000_000));
        return h;
    }

    private static string Line(LongHistogram h) => string.Join(", ", s_percentiles.Select(p => $"p{p.ToString(CultureInfo.InvariantCulture)} {Us(h.GetValueAtPercentile(p))}"));

    private static string Us(long ns) => $"{ns / 1000.0:F1} µs";

    private static long Median(List<long> v)
    {
        if (v.Count == 0)
            return 0;
        v.Sort();
        return v[v.Count / 2];
    }

    private static (long[] Pings, long[] Sent, long[] Answered, int[] Phase) ReadCsv(string path, int probes)
    {
        var pings = new List<long>();
        var sent = new long[probes];
        var answered = new long[probes];
        var phase = new int[probes];
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f[0] == "ping")
            {
                pings.Add(long.Parse(f[4], CultureInfo.InvariantCulture));
                continue;
            }
            int i = int.Parse(f[2], CultureInfo.InvariantCulture);
            phase[i] = int.Parse(f[1], CultureInfo.InvariantCulture);
            sent[i] = long.Parse(f[3], CultureInfo.InvariantCulture);
            answered[i] = long.Parse(f[4], CultureInfo.InvariantCulture);
        }
        return ([.. pings], sent, answered, phase);
    }

    /// <summary>Starts this same qps as a child process.</summary>
    internal static Process StartSelf(params string[] args)
    {
        string self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            psi.ArgumentList.Add(typeof(TickToTradeBench).Assembly.Location);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static int WaitForPort(string portFile, Process child)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile), out int port))
                return port;
            if (child.HasExited)
                throw new ProtocolException($"the probe venue exited before listening: {child.StandardError.ReadToEnd().Trim()}");
            Thread.Sleep(20);
        }
        child.Kill(entireProcessTree: true);
        throw new ProtocolException("the probe venue did not listen within 60 s");
    }
}
