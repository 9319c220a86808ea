using System.Net;
using System.Net.Sockets;
using QpsFast.Data.Synthetic;
using QpsFast.Venue.Client;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Tests;

/// <summary>Hostile or broken peers: one clear ProtocolException, never an index exception; a venue whose client goes for good ends cleanly.</summary>
public class ProtocolTests
{
    private static (Socket Client, Socket Server) Pair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        return (client, listener.Accept());
    }

    [Theory]
    [InlineData((byte)'R', 24, "is 24 bytes; that type is 88")]
    [InlineData((byte)'O', 40, "is 40 bytes; that type is 64")]
    [InlineData((byte)'?', 32, "unknown type 0x3f")]
    [InlineData((byte)'B', 200, "has length 200")]
    public void MalformedMessages_AreOneClearProtocolError(byte type, int length, string message)
    {
        var (client, server) = Pair();
        using (client)
        using (server)
        {
            var bytes = new byte[Math.Max(length, WireHeader.Size)];
            WireHeader.Write(bytes, length, type, 1, 0);
            client.Send(bytes.AsSpan(0, Math.Min(bytes.Length, 128)));
            var reader = new FrameReader(server, "order");
            var e = Assert.Throws<ProtocolException>(() => reader.Next(block: true).Length);
            Assert.Contains(message, e.Message);
        }
    }

    [Fact]
    public void ASequenceGap_IsASequenceGapException()
    {
        var (client, server) = Pair();
        using (client)
        using (server)
        {
            var writer = new FrameWriter(client);
            writer.Commit(HeartbeatMessage.Write(writer.Claim(), writer.NextSequence, 1));
            writer.SkipSequence();
            writer.Commit(HeartbeatMessage.Write(writer.Claim(), writer.NextSequence, 2));
            writer.Flush();
            var reader = new FrameReader(server, "market-data");
            Assert.False(reader.Next(block: true).IsEmpty);
            Assert.Throws<SequenceGapException>(() => reader.Next(block: true).Length);
        }
    }

    [Fact]
    public async Task AClientThatGoesForGood_EndsTheVenueCleanly()
    {
        var data = VenueSessionTests.Data();
        using var server = new VenueServer(new VenueOptions { Speed = 0, ConnectTimeout = TimeSpan.FromSeconds(1) }, SyntheticMarket.NamesFor(4), data);
        var venue = Task.Factory.StartNew(() => server.Run(), TaskCreationOptions.LongRunning);
        using (var client = VenueConnection.Open($"127.0.0.1:{server.Port}", TimeSpan.FromSeconds(10)))
        {
            for (int i = 0; i < 100; i++)
                client.MarketData.Next(block: true);
        } // gone without a logout, and never back
        var summary = await venue.WaitAsync(TimeSpan.FromSeconds(30)); // the venue stops by itself, without an exception
        Assert.False(summary.LoggedOut);
    }
}
