using QpsFast.Engine.Records;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// What one receive brought on the market-data session: the next message (waiting for it) and every whole market
/// message already buffered behind it, up to 64, decoded into records the feed hands to the ring at once (one wake-up
/// of the engine per burst, not per message). Buffers are allocated once.
/// </summary>
public sealed class MarketBurst
{
    /// <summary>The most market messages in one burst.</summary>
    public const int Capacity = 64;

    /// <summary>The decoded market records, valid up to <see cref="Count"/>.</summary>
    public Record[] Records { get; } = new Record[Capacity];

    /// <summary>When each arrived (the engine's clock: the receive that brought it).</summary>
    public long[] Received { get; } = new long[Capacity];

    /// <summary>The venue's send stamp of each.</summary>
    public long[] Sent { get; } = new long[Capacity];

    /// <summary>Market records in this burst.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Reads the next burst. Returns the message that is not market data and ended it (a heartbeat, the end of session),
    /// or an empty span when the burst holds only market records (or the session closed: <paramref name="closed"/>).
    /// The span is valid until the next read.
    /// </summary>
    public ReadOnlySpan<byte> Read(FrameReader md, out bool closed)
    {
        Count = 0;
        var m = md.Next(block: true);
        long now = WireHeader.NowNs();
        closed = m.IsEmpty;
        while (!m.IsEmpty && MarketDataCodec.TryDecode(m, out Records[Count]))
        {
            Received[Count] = now;
            Sent[Count++] = WireHeader.Stamp(m);
            if (Count == Capacity)
                return default;
            m = md.NextBuffered();
        }
        return m;
    }
}
