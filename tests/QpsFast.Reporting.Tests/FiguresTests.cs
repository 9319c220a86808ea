namespace QpsFast.Reporting.Tests;

public sealed class FiguresTests
{
    [Theory]
    [InlineData(0.934, "+0.93")]
    [InlineData(-0.27, "-0.27")]
    [InlineData(-0.001, "+0.00")] // .NET's own "+0.00;-0.00" prints "-+0.00" here (seen in qps report's matrix)
    [InlineData(-0.0, "+0.00")]
    [InlineData(0.004, "+0.00")]
    [InlineData(-0.006, "-0.01")]
    [InlineData(double.NaN, "nan")]
    public void Signed_NeverPrintsAMangledZero(double v, string expected) => Assert.Equal(expected, Figures.Signed(v));

    [Theory]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(1.234, "1.23")]
    public void Ratio_NamesInfinityAndNaN(double v, string expected) => Assert.Equal(expected, Figures.Ratio(v, "F2"));
}
