using BenchmarkDotNet.Running;
using ChatOpsTrader.Benchmarks.Suite;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Everything at once: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- suite</c> writes
/// <c>benchmarks/results.md</c>. Micro-benchmarks alone (BenchmarkDotNet): <c>-- --filter '*Preflight*' --job short --inProcess</c>.
/// Timed harnesses alone: <c>-- halt</c>, <c>-- fills</c>, <c>-- flatten</c>, <c>-- reconnect</c>, <c>-- storm</c>, <c>-- startup</c>, <c>-- web-latency</c>.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "suite":
                return await PerfSuite.RunAsync(args.Length > 1 ? args[1] : null);
            case "halt":
                return Report([await HaltLatencyHarness.RunAsync()]);
            case "fills":
                return Report([await FillThroughputHarness.RunAsync()]);
            case "flatten":
                return Report([await FlattenPacingHarness.RunAsync()]);
            case "reconnect":
                return Report([await ReconnectHarness.RunAsync()]);
            case "storm":
                return Report([await AlertStormHarness.RunAsync()]);
            case "startup":
                return Report(await StartupHarness.RunAsync(args.Length > 1 ? args[1] : null));
            case "web-latency":
                return Report([await WebCommandLatencyHarness.RunAsync()]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return 0;
        }
    }

    private static int Report(IReadOnlyList<PerfResult> results)
    {
        foreach (var result in results)
            result.Print();
        return results.All(r => r.Met) ? 0 : 1;
    }
}
