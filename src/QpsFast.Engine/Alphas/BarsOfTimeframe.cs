using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Alphas;

/// <summary>
/// Finds the bars of one timeframe in a slot: the input itself when it is such a bar, and any bar the aggregator
/// appended. Only records present when the alpha starts are visited, never the alpha's own output.
/// </summary>
public static class BarsOfTimeframe
{
    /// <summary>Returns the number of records to scan: 1 (the input) plus the outbox count at entry.</summary>
    public static int ScanCount(in Slot slot) => 1 + slot.OutboxCount;

    /// <summary>Returns the bar at scan position <paramref name="i"/> if it is a bar of <paramref name="minutes"/>, else null.</summary>
    public static bool TryGet(ref Slot slot, int i, int minutes, out Record bar)
    {
        ref readonly var r = ref i == 0 ? ref slot.Input : ref slot.Outbox[i - 1];
        if (r.Kind == RecordKind.Bar && r.Aux == minutes)
        {
            bar = r;
            return true;
        }
        bar = default;
        return false;
    }
}
