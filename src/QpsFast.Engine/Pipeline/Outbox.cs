using System.Runtime.CompilerServices;

namespace QpsFast.Engine.Pipeline;

/// <summary>The fixed-capacity array of derived records inside a <see cref="Slot"/>.</summary>
[InlineArray(Capacity)]
public struct Outbox
{
    /// <summary>Derived records per input record, at most.</summary>
    public const int Capacity = 64;

    private Records.Record _element0;
}
