using BenchmarkDotNet.Running;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Run one: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*Preflight*'.
/// Run all: dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*'.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
