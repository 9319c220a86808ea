using QpsFast.Engine.Records;

namespace QpsFast.Replay;

/// <summary>What a replay reports of one side's record stream: the last equity marked and the fills counted, by source.</summary>
internal sealed class StreamTally
{
    /// <summary>The equity of each source's last mark (0 before its first).</summary>
    public readonly long[] Equity = new long[256];

    /// <summary>The fills of each source (an account: the fill's flags byte).</summary>
    public readonly long[] Fills = new long[256];

    /// <summary>Counts <paramref name="records"/>.</summary>
    public void Add(ReadOnlySpan<Record> records)
    {
        foreach (ref readonly var r in records)
        {
            if (r.Kind == RecordKind.Mark)
                Equity[r.Source] = r.Mark.Equity;
            else if (r.Kind == RecordKind.Fill)
                Fills[(byte)r.Flags]++;
        }
    }
}
