using System.Runtime.CompilerServices;
using QpsFast.Engine.Records;
using Record = QpsFast.Engine.Records.Record;

namespace QpsFast.Engine.Tests.Records;

public sealed class RecordLayoutTests
{
    private static int Offset<T>(ref Record r, ref T field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<Record, byte>(ref r), ref Unsafe.As<T, byte>(ref field));

    [Fact]
    public void Record_IsOneCacheLine()
    {
        Assert.Equal(64, Unsafe.SizeOf<Record>());
        Assert.Equal(RecordDescriptor.Size, Unsafe.SizeOf<Record>());
    }

    [Fact]
    public void HeaderFields_SitAtTheDescriptorOffsets()
    {
        var r = new Record();
        Assert.Equal(RecordDescriptor.TimeNsOffset, Offset(ref r, ref r.TimeNs));
        Assert.Equal(RecordDescriptor.SequenceOffset, Offset(ref r, ref r.Sequence));
        Assert.Equal(RecordDescriptor.KindOffset, Offset(ref r, ref r.Kind));
        Assert.Equal(RecordDescriptor.SourceOffset, Offset(ref r, ref r.Source));
        Assert.Equal(RecordDescriptor.SymbolOffset, Offset(ref r, ref r.Symbol));
        Assert.Equal(RecordDescriptor.FlagsOffset, Offset(ref r, ref r.Flags));
        Assert.Equal(RecordDescriptor.AuxOffset, Offset(ref r, ref r.Aux));
    }

    [Fact]
    public void EveryPayload_Is40Bytes_AtOffset24()
    {
        var r = new Record();
        Assert.Equal(24, Offset(ref r, ref r.Bar));
        Assert.Equal(24, Offset(ref r, ref r.Book));
        Assert.Equal(24, Offset(ref r, ref r.Trade));
        Assert.Equal(24, Offset(ref r, ref r.Signal));
        Assert.Equal(24, Offset(ref r, ref r.Order));
        Assert.Equal(24, Offset(ref r, ref r.Fill));
        Assert.Equal(24, Offset(ref r, ref r.Reject));
        Assert.Equal(24, Offset(ref r, ref r.Mark));
        Assert.Equal(24, Offset(ref r, ref r.Control));
        Assert.Equal(40, Unsafe.SizeOf<BarPayload>());
        Assert.Equal(40, Unsafe.SizeOf<BookLevelPayload>());
        Assert.Equal(40, Unsafe.SizeOf<TradePayload>());
        Assert.Equal(40, Unsafe.SizeOf<SignalPayload>());
        Assert.Equal(40, Unsafe.SizeOf<OrderPayload>());
        Assert.Equal(40, Unsafe.SizeOf<FillPayload>());
        Assert.Equal(40, Unsafe.SizeOf<RejectPayload>());
        Assert.Equal(40, Unsafe.SizeOf<MarkPayload>());
        Assert.Equal(40, Unsafe.SizeOf<ControlPayload>());
    }

    [Fact]
    public void PayloadFields_SitWhereTheDiagramSays()
    {
        var r = new Record();
        Assert.Equal(24, Offset(ref r, ref r.Bar.Open));
        Assert.Equal(32, Offset(ref r, ref r.Bar.High));
        Assert.Equal(40, Offset(ref r, ref r.Bar.Low));
        Assert.Equal(48, Offset(ref r, ref r.Bar.Close));
        Assert.Equal(56, Offset(ref r, ref r.Bar.Volume));
        Assert.Equal(56, Offset(ref r, ref r.Book.Side));
        Assert.Equal(57, Offset(ref r, ref r.Book.Level));
        Assert.Equal(40, Offset(ref r, ref r.Signal.Strength));
        Assert.Equal(56, Offset(ref r, ref r.Order.Type));
        Assert.Equal(56, Offset(ref r, ref r.Fill.LeavesQuantity));
        Assert.Equal(56, Offset(ref r, ref r.Reject.ParentSequence));
        Assert.Equal(56, Offset(ref r, ref r.Mark.Fees));
        Assert.Equal(56, Offset(ref r, ref r.Control.LastTimeNs));
    }

    [Fact]
    public void Record_IsLittleEndianBytesOnTheWire()
    {
        var r = new Record { TimeNs = 0x0102030405060708, Kind = RecordKind.Fill, Symbol = 0x0A0B };
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<Record>(ref r));
        Assert.Equal(0x08, bytes[0]);
        Assert.Equal(0x01, bytes[7]);
        Assert.Equal((byte)RecordKind.Fill, bytes[16]);
        Assert.Equal(0x0B, bytes[18]);
        Assert.Equal(0x0A, bytes[19]);
    }
}

public sealed class SlotLayoutTests
{
    [Fact]
    public void InputAndOutbox_AreAdjacent_SoTheStreamIsOneSpan()
    {
        var slot = new QpsFast.Engine.Pipeline.Slot();
        slot.Reset(new QpsFast.Engine.Records.Record { TimeNs = 7 });
        slot.Append(QpsFast.Engine.Records.RecordKind.Signal, 10, 0);
        slot.Append(QpsFast.Engine.Records.RecordKind.Order, 40, 0);
        var stream = slot.Stream;
        Assert.Equal(3, stream.Length);
        Assert.True(Unsafe.AreSame(ref Unsafe.AsRef(in stream[0]), ref slot.Input));
        Assert.True(Unsafe.AreSame(ref Unsafe.AsRef(in stream[1]), ref slot.Outbox[0]));
        Assert.Equal(QpsFast.Engine.Records.RecordKind.Order, stream[2].Kind);
    }

    [Fact]
    public void TheHeaderFillsALine_SoEverySlotsInputStartsOnALineOfItsOwn()
    {
        var slot = new QpsFast.Engine.Pipeline.Slot();
        Assert.Equal(64, (int)Unsafe.ByteOffset(ref Unsafe.As<QpsFast.Engine.Pipeline.Slot, byte>(ref slot), ref Unsafe.As<QpsFast.Engine.Records.Record, byte>(ref slot.Input)));
        // A whole number of lines: in a ring whose first slot is line-aligned, every slot's input and derived records are too.
        Assert.Equal(64 + 64 + 64 * 64, Unsafe.SizeOf<QpsFast.Engine.Pipeline.Slot>());
        Assert.Equal(0, Unsafe.SizeOf<QpsFast.Engine.Pipeline.Slot>() % 64);
    }
}
