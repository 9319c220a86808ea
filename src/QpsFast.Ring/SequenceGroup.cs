using System.Runtime.CompilerServices;

namespace QpsFast.Ring;

/// <summary>Helpers over arrays of <see cref="Sequence"/>.</summary>
public static class SequenceGroup
{
    /// <summary>Returns the smallest value in <paramref name="sequences"/>, or <paramref name="minimum"/> if it is smaller or the array is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Min(Sequence[] sequences, long minimum = long.MaxValue)
    {
        for (int i = 0; i < sequences.Length; i++)
        {
            long v = sequences[i].Value;
            if (v < minimum)
                minimum = v;
        }
        return minimum;
    }
}
