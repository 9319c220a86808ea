using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace QpsFast.Engine.Records;

/// <summary>An XxHash64 digest over a stream of records' raw bytes (seed 0), fed incrementally.</summary>
public sealed class RecordStreamDigest
{
    private readonly XxHash64 _hash = new();

    /// <summary>Returns the number of records fed.</summary>
    public long Count { get; private set; }

    /// <summary>Feeds records.</summary>
    public void Append(ReadOnlySpan<Record> records)
    {
        _hash.Append(MemoryMarshal.AsBytes(records));
        Count += records.Length;
    }

    /// <summary>Returns the digest of everything fed so far.</summary>
    public ulong Value => _hash.GetCurrentHashAsUInt64();

    /// <summary>Returns the digest as 16 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
