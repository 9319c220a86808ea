namespace QpsFast.Cli.Bench;

/// <summary>The figures of one <c>qps bench ring</c> run.</summary>
internal sealed record RingBenchResult(
    RingBenchOptions Options,
    double[] RingEps,
    double[] BaselineEps,
    long GcCount,
    long AllocatedBytes,
    MachineInfo Machine,
    DateTimeOffset Date)
{
    public double RingMedian => Median(RingEps);

    public double BaselineMedian => Median(BaselineEps);

    public double Ratio => RingMedian / BaselineMedian;

    public static double Median(double[] values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
