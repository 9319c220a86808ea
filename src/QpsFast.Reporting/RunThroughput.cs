namespace QpsFast.Reporting;

/// <summary>The live run's throughput, shown in the report's run metadata.</summary>
public sealed record RunThroughput(long Inputs, double ElapsedMs, double InputsPerSecond, string Topology);
