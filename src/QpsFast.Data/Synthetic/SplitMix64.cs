namespace QpsFast.Data.Synthetic;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter passed through a mixing function. Used only to expand
/// a user seed into the 256-bit state of <see cref="Xoshiro256StarStar"/>, as its authors recommend.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Creates the generator from a seed.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Returns the next 64-bit value.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
