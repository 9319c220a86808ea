namespace QpsFast.Engine.Broker;

/// <summary>
/// Where the trading core's orders leave the process for an outside venue (docs/protocol.md). Called on the core's
/// thread, once per order or cancel, after the Order record is in the outbox: an implementation encodes without
/// allocating and must not block for long. The venue's answers come back as <see cref="Records.RecordKind.Execution"/>
/// inputs through the ring, never through this interface, so the core's state is a function of its journaled inputs.
/// </summary>
/// <remarks>
/// Replay and crash recovery run the same core with no gateway (or one that drops what it is given): they re-derive
/// the orders and read the venue's answers from the journal.
/// </remarks>
public interface IOrderGateway
{
    /// <summary>Sends a new order.</summary>
    /// <param name="orderId">The engine's order id (the client order id).</param>
    /// <param name="symbol">The symbol id.</param>
    /// <param name="quantity">Signed raw quantity: positive buys.</param>
    /// <param name="limitPrice">Raw limit price; 0 for a market order.</param>
    /// <param name="timeNs">The input time of the record that caused it.</param>
    void SendOrder(long orderId, int symbol, long quantity, long limitPrice, long timeNs);

    /// <summary>Asks the venue to cancel an open order; the answer is a Cancelled (or Fill) report.</summary>
    void CancelOrder(long orderId, int symbol, long timeNs);
}
