using System.Runtime.InteropServices;

namespace QpsFast.Ring;

/// <summary>
/// A <see cref="long"/> alone on its cache line pair (see <see cref="PaddingDescriptor"/>).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = PaddingDescriptor.PaddedLongSize)]
public struct PaddedLong
{
    /// <summary>The value. Plain field: callers choose the memory ordering.</summary>
    [FieldOffset(PaddingDescriptor.PaddedLongValueOffset)]
    public long Value;
}
