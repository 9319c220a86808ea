using System.IO.Hashing;
using System.Runtime.InteropServices;
using CsCheck;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Records;

public sealed class RecordStreamDigestTests
{
    [Fact]
    public void EqualsSystemIOHashingsXxHash64_OverTheConcatenatedBytes_HoweverTheStreamIsSplit()
    {
        Gen.Select(Gen.Byte.Array[0, 64 * 300], Gen.Int[1, 40].Array[0, 20]).Sample((bytes, splits) =>
        {
            var records = MemoryMarshal.Cast<byte, Record>(bytes.AsSpan(0, bytes.Length / 64 * 64)).ToArray();
            var digest = new RecordStreamDigest();
            int at = 0;
            foreach (int n in splits)
            {
                int take = Math.Min(n, records.Length - at);
                digest.Append(records.AsSpan(at, take));
                at += take;
            }
            digest.Append(records.AsSpan(at));
            Assert.Equal(records.Length, digest.Count);
            Assert.Equal(XxHash64.HashToUInt64(MemoryMarshal.AsBytes(records.AsSpan())), digest.Value);
        }, iter: 300);
    }

    [Fact]
    public void Reset_StartsOver_AndNothingFedIsTheDigestOfNoBytes()
    {
        var digest = new RecordStreamDigest();
        Assert.Equal(XxHash64.HashToUInt64([]), digest.Value);
        digest.Append([new Record { Sequence = 7 }]);
        Assert.NotEqual(XxHash64.HashToUInt64([]), digest.Value);
        digest.Reset();
        Assert.Equal(0, digest.Count);
        Assert.Equal(0xEF46DB3751D8E999UL, digest.Value); // XXH64 of no bytes, seed 0 (xxHash's reference value)
    }
}
