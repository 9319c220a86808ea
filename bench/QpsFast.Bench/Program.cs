using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project bench/QpsFast.Bench -- --filter '*'   (or pick a class by name)
BenchmarkSwitcher.FromAssembly(typeof(QpsFast.Bench.Ring.RingBenchmarkBase).Assembly).Run(args);
