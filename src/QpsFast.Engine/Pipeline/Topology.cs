namespace QpsFast.Engine.Pipeline;

/// <summary>How the stages are laid out on threads. Both give byte-identical record streams.</summary>
public enum Topology
{
    /// <summary>One processor calls aggregator, alphas and trading core in order; the output sink runs behind it. Best on 2 cores.</summary>
    Fused,

    /// <summary>Each stage is its own processor behind a barrier on the previous one (the classic disruptor chain).</summary>
    Staged,
}
