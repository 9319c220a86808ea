using System.Buffers.Binary;
using QpsFast.Engine.Records;

namespace QpsFast.Journal;

/// <summary>Names the field at a byte offset of a record, by kind (the layout of <see cref="RecordDescriptor"/>).</summary>
public static class RecordFields
{
    private static readonly (int Offset, int Size, string Name)[] s_header =
    [
        (0, 8, "TimeNs"), (8, 8, "Sequence"), (16, 1, "Kind"), (17, 1, "Source"), (18, 2, "Symbol"), (20, 2, "Flags"), (22, 2, "Aux"),
    ];

    private static (int, int, string)[] Payload(RecordKind kind) => kind switch
    {
        RecordKind.Bar => [(24, 8, "Bar.Open"), (32, 8, "Bar.High"), (40, 8, "Bar.Low"), (48, 8, "Bar.Close"), (56, 8, "Bar.Volume")],
        RecordKind.BookLevel => [(24, 8, "Book.Price"), (32, 8, "Book.Size"), (40, 8, "Book.BestBid"), (48, 8, "Book.BestAsk"), (56, 1, "Book.Side"), (57, 1, "Book.Level")],
        RecordKind.Trade => [(24, 8, "Trade.Price"), (32, 8, "Trade.Size"), (40, 1, "Trade.Aggressor")],
        RecordKind.Execution => [(24, 8, "Execution.OrderId"), (32, 8, "Execution.Quantity"), (40, 8, "Execution.Price"), (48, 8, "Execution.Fee/VenueOrderId"), (56, 8, "Execution.VenueTimeNs")],
        RecordKind.Signal => [(24, 8, "Signal.TargetQuantity"), (32, 8, "Signal.ReferencePrice"), (40, 8, "Signal.Strength"), (48, 8, "Signal.LimitPrice"), (56, 1, "Signal.Target"), (57, 1, "Signal.LotDecimals")],
        RecordKind.Order => [(24, 8, "Order.OrderId"), (32, 8, "Order.Quantity"), (40, 8, "Order.LimitPrice"), (48, 8, "Order.ParentSequence"), (56, 1, "Order.Type"), (57, 1, "Order.Sizing")],
        RecordKind.Fill => [(24, 8, "Fill.OrderId"), (32, 8, "Fill.Quantity"), (40, 8, "Fill.Price"), (48, 8, "Fill.Fee"), (56, 8, "Fill.LeavesQuantity")],
        RecordKind.Reject or RecordKind.RiskEvent or RecordKind.CancelRequest => [(24, 8, "Reject.OrderId"), (32, 8, "Reject.Quantity"), (40, 8, "Reject.Value"), (48, 8, "Reject.Limit"), (56, 8, "Reject.ParentSequence")],
        RecordKind.Mark => [(24, 8, "Mark.Equity"), (32, 8, "Mark.Cash"), (40, 8, "Mark.RealizedPnl"), (48, 8, "Mark.UnrealizedPnl"), (56, 8, "Mark.Fees")],
        RecordKind.SessionStart or RecordKind.SessionEnd => [(24, 8, "Control.ConfigHash"), (32, 8, "Control.Count"), (40, 8, "Control.Seed"), (48, 8, "Control.FirstTimeNs"), (56, 8, "Control.LastTimeNs")],
        _ => [],
    };

    /// <summary>Returns the name of the field at <paramref name="offset"/> and its value in each record, as text.</summary>
    public static (string Field, string Expected, string Actual) Describe(in Record expected, in Record actual, int offset)
    {
        var e = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in expected));
        var a = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(in actual));
        foreach (var (start, size, name) in s_header.Concat(Payload(expected.Kind)))
        {
            if (offset >= start && offset < start + size)
                return (name, Value(e.Slice(start, size), name, expected.Kind), Value(a.Slice(start, size), name, actual.Kind));
        }
        return ($"byte {offset}", e[offset].ToString(System.Globalization.CultureInfo.InvariantCulture), a[offset].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Value(ReadOnlySpan<byte> bytes, string name, RecordKind kind)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return bytes.Length switch
        {
            1 when name == "Kind" => ((RecordKind)bytes[0]).ToString(),
            1 => bytes[0].ToString(inv),
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes).ToString(inv),
            _ when name == "Signal.Strength" => BinaryPrimitives.ReadDoubleLittleEndian(bytes).ToString("R", inv),
            _ => BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(inv),
        };
    }
}
