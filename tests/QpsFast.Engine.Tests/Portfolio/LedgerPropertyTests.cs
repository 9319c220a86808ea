using CsCheck;
using QpsFast.Engine.Portfolio;
using QpsFast.Engine.Values;

namespace QpsFast.Engine.Tests.Portfolio;

/// <summary>Random fill sequences against the accounting identities, with CsCheck shrinking any failure.</summary>
public sealed class LedgerPropertyTests
{
    private static readonly Gen<(int Book, int Symbol, long Qty, long Price, long Fee)> FillGen =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Long[-50_000, 50_000], Gen.Long[1, 5_000_000], Gen.Long[0, 1_000])
           .Where(t => t.Item3 != 0)
           // quantities in 0.001 units, prices in 0.0001, fees in 0.01: raw fixed point
           .Select(t => (t.Item1, t.Item2, t.Item3 * 100_000, t.Item4 * 10_000, t.Item5 * 1_000_000));

    private static readonly Gen<long[]> MarksGen = Gen.Long[1, 5_000_000].Array[3].Select(a => a.Select(x => x * 10_000).ToArray());

    [Fact]
    public void EquityIsCashPlusPositionsAtTheMark_AndPnlAddsUp_Exactly()
    {
        Gen.Select(FillGen.Array[1, 60], MarksGen).Sample((fills, marks) =>
        {
            var ledger = new Ledger(3, 3, Money.Create(1_000_000m));
            foreach (var f in fills)
                ledger.ApplyFill(f.Book, f.Symbol, f.Qty, f.Price, f.Fee);
            for (int b = 0; b < 3; b++)
            {
                long positions = 0;
                for (int s = 0; s < 3; s++)
                    positions += FixedPoint.Multiply(ledger.Position(b, s), marks[s]);
                long equity = ledger.Equity(b, marks);
                if (equity != ledger.Cash(b) + positions)
                    return false;
                // equity − initial = realized + unrealized − fees, to the raw unit
                if (equity - ledger.InitialCash != ledger.Realized(b) + ledger.Unrealized(b, marks) - ledger.Fees(b))
                    return false;
            }
            return true;
        });
    }

    [Fact]
    public void ClosingEveryPosition_LeavesOnlyRealizedPnlMinusFees()
    {
        Gen.Select(FillGen.Array[1, 40], Gen.Long[1, 5_000_000]).Sample((fills, closePrice) =>
        {
            var ledger = new Ledger(3, 3, Money.Create(1_000_000m));
            foreach (var f in fills)
                ledger.ApplyFill(f.Book, f.Symbol, f.Qty, f.Price, f.Fee);
            for (int b = 0; b < 3; b++)
                for (int s = 0; s < 3; s++)
                    if (ledger.Position(b, s) != 0)
                        ledger.ApplyFill(b, s, -ledger.Position(b, s), closePrice * 10_000, 0);
            for (int b = 0; b < 3; b++)
            {
                for (int s = 0; s < 3; s++)
                    if (ledger.Position(b, s) != 0 || ledger.Basis(b, s) != 0)
                        return false;
                if (ledger.Cash(b) - ledger.InitialCash != ledger.Realized(b) - ledger.Fees(b))
                    return false;
            }
            return true;
        });
    }

    [Fact]
    public void RoundTrip_RealizesThePriceDifference()
    {
        var ledger = new Ledger(1, 1, Money.Create(10_000m));
        ledger.ApplyFill(0, 0, Quantity.Create(10).Raw, Price.Create(100).Raw, 0);
        Assert.Equal(Money.Create(40).Raw, ledger.ApplyFill(0, 0, Quantity.Create(-4).Raw, Price.Create(110).Raw, 0));
        Assert.Equal(Money.Create(600).Raw, ledger.Basis(0, 0));
        // Sell through zero: close 6 at 90 (−60), open a 4-unit short at 90.
        Assert.Equal(Money.Create(-60).Raw, ledger.ApplyFill(0, 0, Quantity.Create(-10).Raw, Price.Create(90).Raw, 0));
        Assert.Equal(Quantity.Create(-4).Raw, ledger.Position(0, 0));
        Assert.Equal(Money.Create(-360).Raw, ledger.Basis(0, 0));
        Assert.Equal(Money.Create(-20).Raw, ledger.Realized(0));
    }

    [Fact]
    public void AFillThatWouldOverflow_IsAClearError_AndLeavesTheLedgerUnchanged()
    {
        var ledger = new Ledger(1, 1, Money.Create(10_000m));
        ledger.ApplyFill(0, 0, Quantity.Create(900_000_000).Raw, Price.Create(100).Raw, 0); // 9e10 spent: cash near the bottom of the range
        var (cash, position, basis) = (ledger.Cash(0), ledger.Position(0, 0), ledger.Basis(0, 0));
        // Another 1e10: each product fits, but the cash and basis sums would leave the range (they wrapped before).
        var e = Assert.Throws<OverflowException>(() => ledger.ApplyFill(0, 0, Quantity.Create(100_000_000).Raw, Price.Create(100).Raw, 0));
        Assert.Contains("book 0, symbol 0", e.Message);
        Assert.Contains("fixed-point range", e.Message);
        Assert.Equal((cash, position, basis), (ledger.Cash(0), ledger.Position(0, 0), ledger.Basis(0, 0)));
    }
}
