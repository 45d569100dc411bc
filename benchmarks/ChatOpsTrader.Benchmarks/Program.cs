using BenchmarkDotNet.Running;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Micro-benchmarks (BenchmarkDotNet): <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- --filter '*Preflight*'</c>.
/// Timed harnesses: <c>-- halt</c> (halt latency), <c>-- fills</c> (durable fills per second through the engine), <c>-- startup</c> (start to Healthy and idle working set).
/// </summary>
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "halt":
                await HaltLatencyHarness.RunAsync();
                return;
            case "fills":
                await FillThroughputHarness.RunAsync();
                return;
            case "startup":
                await StartupHarness.RunAsync(args.Length > 1 ? args[1] : null);
                return;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return;
        }
    }
}
