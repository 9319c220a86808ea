using QpsFast.Engine.Broker;
using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;
using QpsFast.Journal;
using QpsFast.Ring;

namespace QpsFast.Venue.Client;

/// <summary>
/// The output stage of a journaled live session against a venue: <b>journal first, then send</b>. It writes each
/// slot's records, and when they hold an Order or a CancelRequest it ends the journal frame there and writes it to the
/// file (the operating system has it: a killed process loses nothing written) before handing them to the gateway. So
/// every order the venue ever sees is in the journal with the input that caused it, and crash recovery can never
/// re-derive an order the venue already has under the same id (docs/protocol.md).
/// </summary>
/// <remarks>
/// On a resumed session the records before <see cref="ResumeState.LiveFrom"/> are already in the journal: they are
/// re-derived by replaying it, digested for the check, and neither written nor sent again.
/// </remarks>
/// <remarks>With a <see cref="TickToTradeRecorder"/>, each order sent is timed from the receive of the market message that caused it.</remarks>
public readonly struct OrderSendingSink(JournalWriter writer, StreamStats stats, IOrderGateway gateway, ResumeState resume, TickToTradeRecorder? tickToTrade = null) : IEventHandler<Slot>
{
    /// <inheritdoc />
    public void OnBatchStart(long batchSize) { }

    /// <inheritdoc />
    public void OnEvent(ref Slot slot, long sequence, bool endOfBatch)
    {
        stats.Add(ref slot);
        var stream = slot.Stream;
        long first = slot.Input.Sequence;
        int from = 0;
        if (first < resume.LiveFrom)
        {
            from = (int)Math.Min(stream.Length, resume.LiveFrom - first);
            resume.Replayed.Append(stream[..from]);
            if (from == stream.Length)
                return;
            // The stream crosses the journal's end here: nothing is written unless the replay reproduced the journal.
            resume.Failed = resume.Replayed.Count != resume.LiveFrom || resume.Replayed.Value != resume.ExpectedDigest;
        }
        if (resume.Failed)
            return;
        var live = stream[from..];
        writer.Append(live);
        bool sends = false;
        for (int i = 0; i < live.Length; i++)
            sends |= live[i].Kind is RecordKind.Order or RecordKind.CancelRequest;
        if (sends || endOfBatch)
            writer.Flush();
        if (!sends)
            return;
        for (int i = 0; i < live.Length; i++)
        {
            ref readonly var r = ref live[i];
            if (r.Kind == RecordKind.Order)
            {
                gateway.SendOrder(r.Order.OrderId, r.Symbol, r.Order.Quantity, r.Order.LimitPrice, slot.Input.TimeNs);
                tickToTrade?.OrderSent(slot.LatencyStamp);
            }
            else if (r.Kind == RecordKind.CancelRequest)
                gateway.CancelOrder(r.Reject.OrderId, r.Symbol, slot.Input.TimeNs);
        }
    }
}

/// <summary>Where a resumed session's journal ends, and the digest of the records replayed up to there.</summary>
public sealed class ResumeState
{
    /// <summary>The first sequence not yet in the journal (0 for a new session).</summary>
    public long LiveFrom { get; init; }

    /// <summary>The digest of the re-derived records before <see cref="LiveFrom"/> (to compare with the journal's).</summary>
    public RecordStreamDigest Replayed { get; } = new();

    /// <summary>The journal's digest of its records before <see cref="LiveFrom"/>.</summary>
    public ulong ExpectedDigest { get; init; }

    /// <summary>Set when the replay did not reproduce the journal: from then on nothing is written or sent.</summary>
    public bool Failed { get; set; }
}
