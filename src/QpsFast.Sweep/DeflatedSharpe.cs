namespace QpsFast.Sweep;

/// <summary>
/// The deflated Sharpe ratio of Bailey and López de Prado ("The Deflated Sharpe Ratio: Correcting for Selection Bias,
/// Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5), 2014): the probability that the
/// selected trial's true Sharpe is above the Sharpe that the best of N unskilled trials would show,
/// DSR = Φ((SR − SR₀)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²)), with
/// SR₀ = √V[SRₙ]·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ Euler–Mascheroni's constant. Sharpe ratios per period
/// (not annualized); γ₃ the skewness and γ₄ the kurtosis (not excess) of the selected trial's returns.
/// </summary>
public static class DeflatedSharpe
{
    private const double EulerMascheroni = 0.5772156649015329;

    /// <summary>Returns the deflated Sharpe ratio in [0, 1] (NaN when it is undefined: fewer than two returns or one trial with no variance).</summary>
    public static double Of(double sharpe, int observations, int trials, double sharpeVariance, double skewness, double kurtosis)
    {
        if (observations < 2 || trials < 1 || !double.IsFinite(sharpe))
            return double.NaN;
        double benchmark = ExpectedMaximum(trials, sharpeVariance);
        double spread = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
        return spread <= 0 ? double.NaN : NormalCdf((sharpe - benchmark) * Math.Sqrt(observations - 1) / Math.Sqrt(spread));
    }

    /// <summary>Returns SR₀: the expected maximum Sharpe of <paramref name="trials"/> unskilled trials whose Sharpe ratios have this variance (0 for one trial).</summary>
    public static double ExpectedMaximum(int trials, double sharpeVariance) =>
        trials <= 1 ? 0 : Math.Sqrt(sharpeVariance) * ((1 - EulerMascheroni) * NormalQuantile(1 - 1.0 / trials) + EulerMascheroni * NormalQuantile(1 - 1 / (trials * Math.E)));

    /// <summary>Returns the per-period Sharpe (mean / sample standard deviation), skewness and kurtosis (population moments, not excess) of a series; NaN values skipped.</summary>
    public static (double Sharpe, double Skewness, double Kurtosis, int Count) Moments(ReadOnlySpan<double> returns)
    {
        double sum = 0;
        int n = 0;
        foreach (double r in returns)
        {
            if (!double.IsNaN(r))
                (sum, n) = (sum + r, n + 1);
        }
        if (n < 2)
            return (double.NaN, double.NaN, double.NaN, n);
        double mean = sum / n, m2 = 0, m3 = 0, m4 = 0;
        foreach (double r in returns)
        {
            if (double.IsNaN(r))
                continue;
            double d = r - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        double sd = Math.Sqrt(m2 / (n - 1));
        (m2, m3, m4) = (m2 / n, m3 / n, m4 / n);
        return (sd > 0 ? mean / sd : double.NaN, m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0, m2 > 0 ? m4 / (m2 * m2) : 3, n);
    }

    /// <summary>Returns Φ(x), the standard normal distribution function (erfc by Chebyshev fitting, relative error below 1.2e−7).</summary>
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    /// <summary>Returns Φ⁻¹(p) for 0 &lt; p &lt; 1 (Acklam's rational approximation, relative error below 1.2e−9).</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
            return -NormalQuantile(1 - p);
        double u = p - 0.5, r = u * u;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
