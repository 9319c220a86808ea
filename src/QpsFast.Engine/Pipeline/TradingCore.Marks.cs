using QpsFast.Engine.Records;

namespace QpsFast.Engine.Pipeline;

public sealed partial class TradingCore
{
    /// <summary>
    /// Journals a mark per alpha book and one for the total when event time crosses the next multiple of the mark
    /// interval, and at session end.
    /// </summary>
    private void MaybeMark(ref Slot slot)
    {
        long now = slot.Input.TimeNs;
        if (_nextMarkNs == 0)
            _nextMarkNs = (now / _markIntervalNs + 1) * _markIntervalNs;
        // Session end, and each continuation heartbeat after it (which finishes deferred work), writes final marks.
        bool sessionEnd = slot.Input.Kind == RecordKind.SessionEnd || (_ending && slot.Input.Kind == RecordKind.Heartbeat);
        if (now < _nextMarkNs && !sessionEnd)
            return;
        _nextMarkNs = (now / _markIntervalNs + 1) * _markIntervalNs;
        WriteMarks(ref slot);
    }

    private void WriteMarks(ref Slot slot)
    {
        long equity = 0, cash = 0, realized = 0, unrealized = 0, fees = 0;
        for (int b = 0; b < Ledger.Books; b++)
        {
            ref var m = ref slot.Append(RecordKind.Mark, _sourceOf[b], RecordDescriptor.AllSymbols);
            m.Mark.Equity = Ledger.Equity(b, _marks);
            m.Mark.Cash = Ledger.Cash(b);
            m.Mark.RealizedPnl = Ledger.Realized(b);
            m.Mark.UnrealizedPnl = Ledger.Unrealized(b, _marks);
            m.Mark.Fees = Ledger.Fees(b);
            equity += m.Mark.Equity;
            cash += m.Mark.Cash;
            realized += m.Mark.RealizedPnl;
            unrealized += m.Mark.UnrealizedPnl;
            fees += m.Mark.Fees;
        }
        ref var total = ref slot.Append(RecordKind.Mark, SourceId.Portfolio, RecordDescriptor.AllSymbols);
        total.Mark.Equity = equity;
        total.Mark.Cash = cash;
        total.Mark.RealizedPnl = realized;
        total.Mark.UnrealizedPnl = unrealized;
        total.Mark.Fees = fees;
    }
}
