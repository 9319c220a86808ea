using System.Diagnostics;
using QpsFast.Data.Synthetic;
using QpsFast.Venue.Client;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Tests;

/// <summary>A slow client holds the venue back; the venue neither buffers without bound nor drops anything.</summary>
public class BackPressureTests
{
    [Fact]
    public async Task ASlowClient_HoldsTheVenueBack_AndGetsEveryMessageInSequence()
    {
        var data = VenueSessionTests.Data(days: 5); // 23 MB of messages: more than the kernel's socket buffers hold
        using var server = new VenueServer(new VenueOptions { Speed = 0 }, SyntheticMarket.NamesFor(4), data);
        var venue = Task.Factory.StartNew(() => server.Run(), TaskCreationOptions.LongRunning);
        using var client = VenueConnection.Open($"127.0.0.1:{server.Port}", TimeSpan.FromSeconds(10));
        long market = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var m = client.MarketData.Next(block: true); // FrameReader throws on any sequence gap
            Assert.False(m.IsEmpty, "the venue closed before its end of session");
            if (MarketDataCodec.TryDecode(m, out _) && ++market % 250 == 0)
                Thread.Sleep(1); // a slow engine: about 250 messages per millisecond at most
            if (WireHeader.Type(m) == MessageType.EndOfSession)
                break;
        }
        var slow = clock.Elapsed;
        client.OrdersOut.Commit(LogoutMessage.Write(client.OrdersOut.Claim(), client.OrdersOut.NextSequence));
        client.OrdersOut.Flush();
        var summary = await venue.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(data.Length, market);
        // The venue's data could go out in a few tens of ms; it spent most of the slow client's time blocked in its sends
        // (its own buffer is one fixed 64 KB array, the rest is the kernel's bounded socket buffers).
        var blocked = summary.MarketDataSendTime;
        Assert.True(blocked > slow * 0.5, $"the venue spent {blocked.TotalMilliseconds:F0} ms in sends while the client took {slow.TotalMilliseconds:F0} ms");
    }
}
