using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Pipeline;

/// <summary>
/// One ring slot: the input market record, the derived records the stages append to its outbox (in stage order),
/// and a latency stamp that lives outside the journaled bytes. The journal writes <see cref="Input"/> then
/// <c>Outbox[0..OutboxCount)</c>: exactly the run's record stream.
/// </summary>
/// <remarks>
/// Layout matters for speed. The header (<see cref="OutboxCount"/>, <see cref="LatencyStamp"/>) fills a cache line,
/// so every slot (4,224 bytes, a whole number of lines) starts its input on a line of its own: the input and the
/// derived records never straddle two lines, and a slot that derives nothing touches two adjacent lines of one page.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct Slot
{
    /// <summary>How many derived records the outbox holds.</summary>
    public int OutboxCount;

    /// <summary>
    /// A timestamp for latency measurement (set by a benchmark producer, read by the last stage). Never journaled,
    /// so measuring never changes the record stream.
    /// </summary>
    public long LatencyStamp;

    private HeaderPadding _padding; // the rest of the header's line

    /// <summary>The input record published by the feed.</summary>
    public Record Input;

    /// <summary>The derived records, valid up to <see cref="OutboxCount"/>.</summary>
    public Outbox Outbox;

    /// <summary>Clears the outbox for reuse (the feed does this when it publishes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reset(in Record input)
    {
        Input = input;
        OutboxCount = 0;
        LatencyStamp = 0;
    }

    /// <summary>
    /// Appends a derived record stamped with the input's time, and returns a reference to fill in.
    /// </summary>
    /// <exception cref="OutboxOverflowException">The outbox is full: a fatal configuration error naming the input.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [UnscopedRef]
    public ref Record Append(RecordKind kind, byte source, ushort symbol)
    {
        int n = OutboxCount;
        if (n == Outbox.Capacity)
            ThrowOverflow();
        OutboxCount = n + 1;
        ref var r = ref Outbox[n];
        r = default;
        r.TimeNs = Input.TimeNs;
        r.Kind = kind;
        r.Source = source;
        r.Symbol = symbol;
        return ref r;
    }

    /// <summary>
    /// Returns the slot's whole record stream, the input followed by its derived records, as one span (the input and
    /// the outbox are adjacent in memory).
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<Record> Stream => MemoryMarshal.CreateReadOnlySpan(ref Input, 1 + OutboxCount);

    /// <summary>Returns the derived records written so far.</summary>
    [UnscopedRef]
    public ReadOnlySpan<Record> Derived => ((ReadOnlySpan<Record>)Outbox)[..OutboxCount];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowOverflow() =>
        throw new OutboxOverflowException(Input.Sequence, Input.Kind, Input.Symbol, Input.TimeNs);
}

/// <summary>The 48 bytes that fill the rest of the slot header's cache line.</summary>
[InlineArray(6)]
internal struct HeaderPadding
{
    private long _element;
}
