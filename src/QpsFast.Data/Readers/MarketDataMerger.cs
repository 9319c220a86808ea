using QpsFast.Engine.Records;

namespace QpsFast.Data.Readers;

/// <summary>
/// Merges several sources into one stream in the engine's deterministic order: event time, then symbol id, then
/// record kind (bar before book level before trade), then source order, then order within the source. Symbol ids are
/// given in order of first appearance across the sources as listed.
/// </summary>
public static class MarketDataMerger
{
    /// <summary>Returns the run's symbols and the merged records.</summary>
    public static (string[] Symbols, Record[] Records) Merge(IReadOnlyList<SourceData> sources)
    {
        var ids = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var symbols = new List<string>();
        int total = 0;
        var maps = new ushort[sources.Count][];
        for (int s = 0; s < sources.Count; s++)
        {
            maps[s] = new ushort[sources[s].Symbols.Length];
            for (int i = 0; i < sources[s].Symbols.Length; i++)
            {
                string name = sources[s].Symbols[i];
                if (!ids.TryGetValue(name, out ushort id))
                {
                    id = (ushort)symbols.Count;
                    ids[name] = id;
                    symbols.Add(name);
                }
                maps[s][i] = id;
            }
            total += sources[s].Records.Length;
        }
        // One source in order (the usual case of an import unit): its records are the stream, renumbered in place.
        if (sources.Count == 1 && maps[0].AsSpan().SequenceEqual([.. Enumerable.Range(0, maps[0].Length).Select(i => (ushort)i)]) && InOrder(sources[0].Records))
            return ([.. symbols], sources[0].Records);
        var merged = new Record[total];
        var keys = new (long Time, ushort Symbol, byte Kind, int Source, int Index)[total];
        int k = 0;
        for (int s = 0; s < sources.Count; s++)
        {
            var records = sources[s].Records;
            for (int i = 0; i < records.Length; i++)
            {
                var r = records[i];
                r.Symbol = maps[s][r.Symbol];
                merged[k] = r;
                keys[k] = (r.TimeNs, r.Symbol, (byte)r.Kind, s, i);
                k++;
            }
        }
        // Keys are unique (source, index), so an unstable sort gives one deterministic order.
        Array.Sort(keys, merged);
        return ([.. symbols], merged);
    }

    // Whether records are already in the stream order (time, then symbol, then kind); the source and index keys of
    // one source then follow by themselves (its symbol ids are the run's: the map is the identity).
    private static bool InOrder(Record[] records)
    {
        for (int i = 1; i < records.Length; i++)
        {
            ref readonly var a = ref records[i - 1];
            ref readonly var b = ref records[i];
            if (a.TimeNs > b.TimeNs || (a.TimeNs == b.TimeNs && (a.Symbol > b.Symbol || (a.Symbol == b.Symbol && (byte)a.Kind > (byte)b.Kind))))
                return false;
        }
        return true;
    }
}
