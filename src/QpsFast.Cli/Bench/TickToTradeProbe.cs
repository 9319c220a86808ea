using QpsFast.Engine.Alphas;
using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Engine.Strategies;
using QpsFast.Engine.Values;
using QpsFast.Venue.Client;
using QpsFast.Venue.Server;
using QpsFast.Venue.Wire;

namespace QpsFast.Cli.Bench;

/// <summary>The engine's in-process stamps of each probe (ns, the machine's monotonic clock), by probe index.</summary>
internal sealed class ProbeStamps(int probes, int every)
{
    public readonly long[] VenueSent = new long[probes];
    public readonly long[] Received = new long[probes];
    public readonly long[] Published = new long[probes];
    public readonly long[] Strategy = new long[probes];
    public readonly long[] GatewayIn = new long[probes];
    public readonly long[] GatewayOut = new long[probes];

    public int Every => every;

    /// <summary>Returns the probe index of an input time, or −1 when the input is not a probe.</summary>
    public int IndexOf(long timeNs)
    {
        long g = (timeNs - ProbeVenue.BaseTimeNs) / 1_000_000_000;
        return g >= 0 && g % every == 0 && g / every < Received.Length ? (int)(g / every) : -1;
    }
}

/// <summary>The probe's strategy: each probe trade flips its target between 1 unit and flat, so each probe makes one order.</summary>
internal struct TickProbeStrategy(ProbeStamps stamps) : IStrategy
{
    private bool _long;

    public readonly void Describe(List<StrategyInfo> strategies) => strategies.Add(new StrategyInfo(AlphaIds.FirstUser, "tick-probe"));

    public readonly void OnOrderEvent(in Record record, StrategyContext context) { }

    public void Process(ref Slot slot, StrategyContext context)
    {
        if (slot.Input.Kind != RecordKind.Trade)
            return;
        int i = stamps.IndexOf(slot.Input.TimeNs);
        if (i < 0)
            return;
        stamps.Strategy[i] = WireHeader.NowNs();
        _long = !_long;
        context.Book(AlphaIds.FirstUser).TargetQuantity(ref slot, 0, _long ? FixedPoint.Scale : 0);
    }
}

/// <summary>The order gateway, stamped on the way in and out.</summary>
internal sealed class ProbeGateway(VenueOrderGateway inner, ProbeStamps stamps) : IOrderGateway
{
    public void SendOrder(long orderId, int symbol, long quantity, long limitPrice, long timeNs)
    {
        int i = stamps.IndexOf(timeNs);
        if (i >= 0)
            stamps.GatewayIn[i] = WireHeader.NowNs();
        inner.SendOrder(orderId, symbol, quantity, limitPrice, timeNs);
        if (i >= 0)
            stamps.GatewayOut[i] = WireHeader.NowNs();
    }

    public void CancelOrder(long orderId, int symbol, long timeNs) => inner.CancelOrder(orderId, symbol, timeNs);
}
