namespace QpsFast.Engine.Pipeline;

/// <summary>How the stages are laid out on threads. Both give byte-identical record streams.</summary>
public enum Topology
{
    /// <summary>One processor calls aggregator, alphas and trading core in order; the output sink runs behind it. Best on 2 cores.</summary>
    Fused,

    /// <summary>Each stage is its own processor behind a barrier on the previous one (the classic disruptor chain).</summary>
    Staged,
}

/// <summary>The one place topology names are read and written ("fused", "staged": options, manifests, results).</summary>
public static class TopologyNames
{
    /// <summary>The names, in enum order.</summary>
    public static readonly string[] All = ["fused", "staged"];

    /// <summary>Returns the topology a name means.</summary>
    /// <exception cref="ArgumentException">The name is neither "fused" nor "staged".</exception>
    public static Topology Parse(string name) => name switch
    {
        "fused" => Topology.Fused,
        "staged" => Topology.Staged,
        _ => throw new ArgumentException($"unknown topology '{name}' (fused or staged)", nameof(name)),
    };

    /// <summary>Returns a topology's name.</summary>
    public static string Name(this Topology topology) => topology == Topology.Staged ? "staged" : "fused";
}
