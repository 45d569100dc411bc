using BenchmarkDotNet.Running;

// Run one: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*Preflight*'
// Run all: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
