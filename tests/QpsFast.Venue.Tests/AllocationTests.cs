using System.Net;
using System.Net.Sockets;
using QpsFast.Engine.Alphas;
using QpsFast.Engine.Pipeline;
using QpsFast.Venue.Client;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Tests;

/// <summary>The feed handler, the report reader and the order gateway allocate nothing per message once warm.</summary>
public sealed class AllocationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qps-venue-alloc-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the feed handler's thread also runs the engine and the journal
    public void FeedHandler_And_ReportReader_AllocateNothingPerMessage(bool inline)
    {
        // A busy order flow (the imbalance alpha's former, loss-making thresholds) so that the report reader's steady
        // state has thousands of execution reports to measure.
        var busy = new EngineSettings { Imbalance = new ImbalanceSettings(EntryImbalance: 0.25, ExitImbalance: 0.05) };
        var (live, _, _) = VenueSessionTests.Run(VenueSessionTests.Data(days: 6), _dir, busy, inline: inline);
        Assert.True(live.Problem is null, live.Problem);
        Assert.True(live.MarketMessages > 100_000, $"{live.MarketMessages} market messages");
        Assert.Equal(0, live.FeedSteadyAllocatedBytes);
        // The count depends on the venue's timing (4,968 to 21,128 reports in 13 runs, 2026-12-02): at least 2,000 after
        // the warm-up are plenty to show any allocation per report.
        Assert.True(live.Reports > 3 * LiveVenueSession.WarmUpMessages, $"{live.Reports} reports");
        Assert.Equal(0, live.ReportsSteadyAllocatedBytes);
    }

    [Fact]
    public void OrderGateway_AllocatesNothingPerOrder()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        using var server = listener.Accept();
        long received = 0;
        var drain = new Thread(() =>
        {
            var reader = new FrameReader(server, "order");
            while (!reader.Next(block: true).IsEmpty)
                received++;
        });
        drain.Start();
        var gateway = new VenueOrderGateway(new FrameWriter(client));
        var tickToTrade = new TickToTradeRecorder(); // the output stage times each order it sends
        for (int i = 1; i <= 2_000; i++)
        {
            gateway.SendOrder(i, 0, 100_000_000, 0, i);
            tickToTrade.OrderSent(QpsFast.Venue.Wire.WireHeader.NowNs() - 1_000);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 2_001; i <= 50_000; i++)
        {
            gateway.SendOrder(i, i & 3, (i & 1) == 0 ? 100_000_000 : -100_000_000, i * 10, i);
            tickToTrade.OrderSent(QpsFast.Venue.Wire.WireHeader.NowNs() - 1_000 - (i & 1023));
            gateway.CancelOrder(i, i & 3, i);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(50_000, tickToTrade.Count);
        client.Shutdown(SocketShutdown.Send);
        drain.Join();
        Assert.Equal(0, allocated);
        Assert.Equal(2_000 + 2 * 48_000, received);
    }
}
