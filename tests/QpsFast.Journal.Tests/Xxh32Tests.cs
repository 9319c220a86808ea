using System.IO.Hashing;
using CsCheck;

namespace QpsFast.Journal.Tests;

public sealed class Xxh32Tests
{
    [Fact]
    public void MatchesSystemIOHashing_AtEveryLengthUpTo300_AndOnLargeBuffers()
    {
        var rng = new Random(11); // test data only
        for (int length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            rng.NextBytes(data);
            Assert.Equal(XxHash32.HashToUInt32(data), Xxh32.Hash(data));
        }
        Gen.Byte.Array[0, 70_000].Sample(data => Assert.Equal(XxHash32.HashToUInt32(data), Xxh32.Hash(data)), iter: 200);
    }

    [Fact]
    public void MatchesTheReferenceVectors()
    {
        // xxHash's published values for seed 0.
        Assert.Equal(0x02CC5D05u, Xxh32.Hash([]));
        Assert.Equal(0x32D153FFu, Xxh32.Hash("abc"u8));
    }
}
