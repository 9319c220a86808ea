using System.Globalization;

namespace QpsFast.Reporting;

/// <summary>How the report, the JSON's readers and the CLI tables print a figure that may be undefined or infinite.</summary>
public static class Figures
{
    /// <summary>
    /// A correlation with its sign, two decimals: "+0.93", "-0.27"; a value that rounds to zero is "+0.00" (never
    /// "-0.00" or .NET's "-+0.00"); NaN is "nan".
    /// </summary>
    public static string Signed(double v)
    {
        if (double.IsNaN(v))
            return "nan";
        double rounded = Math.Round(v, 2);
        return (rounded == 0 ? 0.0 : rounded).ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>A ratio in <paramref name="format"/>; "inf" or "-inf" when it has no denominator (a Sortino with no losing day), "nan" when undefined.</summary>
    public static string Ratio(double v, string format) =>
        double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : double.IsNaN(v) ? "nan" : v.ToString(format, CultureInfo.InvariantCulture);
}
