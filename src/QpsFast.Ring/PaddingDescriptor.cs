namespace QpsFast.Ring;

/// <summary>
/// Sizes of the padding that keeps hot, independently written fields on cache lines of their own.
/// </summary>
/// <remarks>
/// <code>
///  PaddedLong (128 bytes)
///  0                          64         72                        128
///  +--------------------------+----------+-------------------------+
///  |   56+8 bytes of padding  |  value   |   56 bytes of padding   |
///  +--------------------------+----------+-------------------------+
/// </code>
/// Two lines either side rather than one: AMD and Intel cores prefetch the adjacent line in pairs, so a
/// single line of padding still lets a neighbour's writes invalidate ours.
/// </remarks>
public static class PaddingDescriptor
{
    /// <summary>The cache-line size assumed for padding, in bytes.</summary>
    public const int CacheLine = 64;

    /// <summary>The size of <see cref="PaddedLong"/>, in bytes.</summary>
    public const int PaddedLongSize = 2 * CacheLine;

    /// <summary>The offset of <see cref="PaddedLong.Value"/> inside <see cref="PaddedLong"/>.</summary>
    public const int PaddedLongValueOffset = CacheLine;

    /// <summary>Bytes of padding placed before the first and after the last slot of a ring.</summary>
    public const int RingEndPadding = 2 * CacheLine;
}
