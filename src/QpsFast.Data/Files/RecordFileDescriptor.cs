namespace QpsFast.Data.Files;

/// <summary>
/// The record file (<c>*.qpsr</c>): a header, a symbol table, then raw 64-byte records in stream order. Version 1.
/// </summary>
/// <remarks>
/// <code>
///  0        8        12       16               24       28       32               40               48        64
///  +--------+--------+--------+----------------+--------+--------+----------------+----------------+---------+
///  | magic  |version | recsize|  record count  | symbols|reserved|      seed      | XxHash64(recs) |reserved |
///  |QPSRECS1|  u32   |  u32   |      i64       |  u32   |        |      i64       |      u64       |         |
///  +--------+--------+--------+----------------+--------+--------+----------------+----------------+---------+
///  64: symbol table, 32 bytes per symbol (UTF-8, zero padded); then zero padding to a multiple of 64;
///  then the records, little-endian, exactly as in memory.
/// </code>
/// </remarks>
public static class RecordFileDescriptor
{
    /// <summary>The magic bytes "QPSRECS1".</summary>
    public static ReadOnlySpan<byte> Magic => "QPSRECS1"u8;

    /// <summary>The format version.</summary>
    public const uint Version = 1;

    /// <summary>The header size.</summary>
    public const int HeaderSize = 64;

    /// <summary>Bytes per symbol name.</summary>
    public const int SymbolNameSize = 32;

    /// <summary>Offsets of the header fields.</summary>
    public const int VersionOffset = 8, RecordSizeOffset = 12, CountOffset = 16, SymbolsOffset = 24, SeedOffset = 32, DigestOffset = 40;

    /// <summary>Returns the offset of the first record for <paramref name="symbols"/> symbols.</summary>
    public static long RecordsOffset(int symbols) => (HeaderSize + (long)symbols * SymbolNameSize + 63) / 64 * 64;
}
