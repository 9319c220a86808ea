using QpsFast.Engine.Values;

namespace QpsFast.Engine.Tests.Values;

public sealed class FixedPointTests
{
    [Fact]
    public void Notional_UsesAnInt128Intermediate_SoLargeOperandsDoNotWrap()
    {
        // 50,000.12345678 × 250,000: the raw product (5.0e12 × 2.5e13 = 1.25e26) overflows 64 bits, the result fits.
        var price = Price.Create(50_000.12345678m);
        var qty = Quantity.Create(250_000m);
        Assert.True(Money.TryNotional(price, qty, out var notional));
        Assert.Equal(12_500_030_864.195m, notional.ToDecimal());
    }

    [Fact]
    public void Notional_ThatDoesNotFit_IsReportedNotWrapped()
    {
        var price = Price.Create(90_000_000_000m);
        var qty = Quantity.Create(2m);
        Assert.False(Money.TryNotional(price, qty, out _));
        var e = Assert.Throws<OverflowException>(() => Money.Notional(price, qty));
        Assert.Contains("does not fit", e.Message);
    }

    [Theory]
    [InlineData(1.5, 2, 3)]
    [InlineData(-1.5, 2, -3)]
    [InlineData(0.00000001, 0.5, 0.00000001)]   // 0.5e-8 rounds half away from zero
    [InlineData(-0.00000001, 0.5, -0.00000001)]
    [InlineData(0.00000001, 0.4, 0)]
    public void Multiply_RoundsHalfAwayFromZero(double a, double b, double expected)
    {
        Assert.True(FixedPoint.TryFromDouble(a, out long ra));
        Assert.True(FixedPoint.TryFromDouble(b, out long rb));
        Assert.Equal((decimal)expected, FixedPoint.ToDecimal(FixedPoint.Multiply(ra, rb)));
    }

    [Theory]
    [InlineData("1.23456", 123_456_000)]
    [InlineData("-0.5", -50_000_000)]
    [InlineData("42", 4_200_000_000)]
    [InlineData("0.000030120", 3012)]
    [InlineData("1.000000005", 100_000_001)]  // ninth decimal rounds
    [InlineData("1.000000004999", 100_000_000)]
    [InlineData("+7.", 700_000_000)]
    public void TryParse_IsExact(string text, long raw)
    {
        Assert.True(FixedPoint.TryParse(text, out long parsed));
        Assert.Equal(raw, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1e5")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public void TryParse_RejectsWhatIsNotAPlainDecimal(string text) => Assert.False(FixedPoint.TryParse(text, out _));

    [Fact]
    public void Price_TryCreate_RejectsNegativeAndTooFine()
    {
        Assert.False(Price.TryCreate(-1m, out _));
        Assert.False(Price.TryCreate(0.000000001m, out _));
        Assert.True(Price.TryCreate(1.23456789m, out var p));
        Assert.Equal(123_456_789, p.Raw);
        Assert.Throws<ArgumentOutOfRangeException>(() => Price.Create(-2m));
        Assert.Equal("1.23456789", p.ToString());
    }

    [Fact]
    public void Quantity_And_Money_AreSigned_AndCheckOverflow()
    {
        var q = Quantity.Create(-2.5m);
        Assert.Equal(-250_000_000, q.Raw);
        Assert.Equal(Quantity.Create(2.5m), -q);
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
        Assert.Equal(Money.Create(1.25m), Money.Create(2m) - Money.Create(0.75m));
    }
}
