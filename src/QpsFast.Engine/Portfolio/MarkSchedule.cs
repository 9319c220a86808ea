using QpsFast.Engine.Pipeline;
using QpsFast.Engine.Records;

namespace QpsFast.Engine.Portfolio;

/// <summary>
/// Journals a mark per book and one for the total when event time crosses the next multiple of the mark interval,
/// and at session end (and at each continuation heartbeat after it).
/// </summary>
internal sealed class MarkSchedule(BookSet books, PortfolioSettings portfolio)
{
    private const long MinuteNs = 60_000_000_000;
    private readonly long _intervalNs = portfolio.MarkIntervalMinutes * MinuteNs;
    private long _nextMarkNs;

    /// <summary>Writes the marks if they are due at this input; <paramref name="final"/> forces them (session end).</summary>
    public void MaybeMark(ref Slot slot, bool final)
    {
        long now = slot.Input.TimeNs;
        if (_nextMarkNs == 0)
            _nextMarkNs = (now / _intervalNs + 1) * _intervalNs;
        if (now < _nextMarkNs && !final)
            return;
        _nextMarkNs = (now / _intervalNs + 1) * _intervalNs;
        WriteMarks(ref slot);
    }

    private void WriteMarks(ref Slot slot)
    {
        var ledger = books.Ledger;
        var marks = books.Marks;
        long equity = 0, cash = 0, realized = 0, unrealized = 0, fees = 0;
        for (int b = 0; b < ledger.Books; b++)
        {
            ref var m = ref slot.Append(RecordKind.Mark, books.Sources[b], RecordDescriptor.AllSymbols);
            m.Mark.Equity = ledger.Equity(b, marks);
            m.Mark.Cash = ledger.Cash(b);
            m.Mark.RealizedPnl = ledger.Realized(b);
            m.Mark.UnrealizedPnl = ledger.Unrealized(b, marks);
            m.Mark.Fees = ledger.Fees(b);
            checked
            {
                equity += m.Mark.Equity;
                cash += m.Mark.Cash;
                realized += m.Mark.RealizedPnl;
                unrealized += m.Mark.UnrealizedPnl;
                fees += m.Mark.Fees;
            }
        }
        ref var total = ref slot.Append(RecordKind.Mark, SourceId.Portfolio, RecordDescriptor.AllSymbols);
        total.Mark.Equity = equity;
        total.Mark.Cash = cash;
        total.Mark.RealizedPnl = realized;
        total.Mark.UnrealizedPnl = unrealized;
        total.Mark.Fees = fees;
    }
}
