using System.Runtime.InteropServices;

namespace QpsFast.Engine.Records;

/// <summary>
/// The 64-byte unit of the rings, the journal and replay (layout in <see cref="RecordDescriptor"/>). Unmanaged and
/// blittable: a journal segment is a plain array of these. The payload fields overlap; read the one that
/// <see cref="Kind"/> names.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = RecordDescriptor.Size)]
public struct Record
{
    /// <summary>Event time in ns since the Unix epoch (UTC). The only clock of the pipeline.</summary>
    [FieldOffset(RecordDescriptor.TimeNsOffset)] public long TimeNs;

    /// <summary>Position in the run's total order (the stream sequence).</summary>
    [FieldOffset(RecordDescriptor.SequenceOffset)] public long Sequence;

    /// <summary>What the record carries.</summary>
    [FieldOffset(RecordDescriptor.KindOffset)] public RecordKind Kind;

    /// <summary>Which component wrote it (<see cref="SourceId"/>).</summary>
    [FieldOffset(RecordDescriptor.SourceOffset)] public byte Source;

    /// <summary>The symbol id, or <see cref="RecordDescriptor.AllSymbols"/>.</summary>
    [FieldOffset(RecordDescriptor.SymbolOffset)] public ushort Symbol;

    /// <summary>Kind-specific flags.</summary>
    [FieldOffset(RecordDescriptor.FlagsOffset)] public ushort Flags;

    /// <summary>Kind-specific value: a bar's timeframe in minutes, a reject's reason code.</summary>
    [FieldOffset(RecordDescriptor.AuxOffset)] public ushort Aux;

    /// <summary>The bar payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public BarPayload Bar;

    /// <summary>The book-level payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public BookLevelPayload Book;

    /// <summary>The trade payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public TradePayload Trade;

    /// <summary>The execution-report payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public ExecutionPayload Execution;

    /// <summary>The signal payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public SignalPayload Signal;

    /// <summary>The order payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public OrderPayload Order;

    /// <summary>The fill payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public FillPayload Fill;

    /// <summary>The reject / risk-event payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public RejectPayload Reject;

    /// <summary>The mark payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public MarkPayload Mark;

    /// <summary>The control payload.</summary>
    [FieldOffset(RecordDescriptor.PayloadOffset)] public ControlPayload Control;

    /// <summary>Returns whether this is market input (bar, book level, trade) rather than a derived or control record.</summary>
    public readonly bool IsMarketData => Kind is RecordKind.Bar or RecordKind.BookLevel or RecordKind.Trade;
}
