using QpsFast.Engine.Broker;
using QpsFast.Venue.Wire;

namespace QpsFast.Venue.Client;

/// <summary>
/// The order gateway to a venue: encodes the core's orders and cancels on the core's thread into a buffer it owns and
/// sends each at once (no allocation per message). With no connection attached (crash recovery replaying the
/// journal), it sends nothing.
/// </summary>
public sealed class VenueOrderGateway(FrameWriter? output) : IOrderGateway
{
    private FrameWriter? _output = output;

    /// <summary>
    /// Sends through <paramref name="next"/> from now on (a new connection after a reconnect); null drops orders until
    /// one is attached (the venue never sees them: the reconciliation closes them).
    /// </summary>
    public void Attach(FrameWriter? next) => Volatile.Write(ref _output, next);

    /// <summary>Returns the orders sent.</summary>
    public long OrdersSent { get; private set; }

    /// <summary>Returns the cancels sent.</summary>
    public long CancelsSent { get; private set; }

    /// <summary>Returns whether the order session broke (the venue went away).</summary>
    public bool Broken => _output is not { Broken: false };

    /// <inheritdoc />
    public void SendOrder(long orderId, int symbol, long quantity, long limitPrice, long timeNs)
    {
        var output = Volatile.Read(ref _output);
        if (output is null)
            return;
        output.Commit(NewOrderMessage.Write(output.Claim(), output.NextSequence, orderId, symbol, quantity, limitPrice, timeNs));
        output.Flush();
        OrdersSent++;
    }

    /// <inheritdoc />
    public void CancelOrder(long orderId, int symbol, long timeNs)
    {
        var output = Volatile.Read(ref _output);
        if (output is null)
            return;
        output.Commit(CancelOrderMessage.Write(output.Claim(), output.NextSequence, orderId, symbol));
        output.Flush();
        CancelsSent++;
    }
}
