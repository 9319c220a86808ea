namespace QpsFast.Ring;

/// <summary>The wait strategies selectable at run time; each maps to a struct strategy of QpsFast.Ring.</summary>
public enum WaitKind
{
    /// <summary>BusySpinWaitStrategy.</summary>
    Spin,

    /// <summary>YieldingWaitStrategy.</summary>
    Yield,

    /// <summary>BlockingWaitStrategy.</summary>
    Block,

    /// <summary>SleepingWaitStrategy.</summary>
    Sleep,
}
