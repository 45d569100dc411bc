using System.Globalization;
using ChatOpsTrader.Benchmarks.Suite;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Timed harness: start the built host (fresh data folder), time until <c>/healthz</c> is Healthy, let it idle
/// 10 s with the demo strategy trading, read its working set. Targets: ≤ 3 s, ≤ 150 MB.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- startup</c>.
/// </summary>
public static class StartupHarness
{
    public static async Task<IReadOnlyList<PerfResult>> RunAsync(string? dllPath, int runs = 5)
    {
        var times = new List<double>();
        long workingSet = 0;
        for (var run = 0; run < runs; run++)
        {
            await using var host = await HostUnderTest.StartAsync(dllPath);
            times.Add(host.StartedIn.TotalMilliseconds);
            if (run == runs - 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                workingSet = host.WorkingSet;
            }
        }
        times.Sort();
        var median = times[times.Count / 2];
        var megabytes = workingSet / 1024.0 / 1024.0;
        const string command = "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- startup";
        return
        [
            new PerfResult("Start-up: process start ⇒ /healthz Healthy (embedded default, fresh data folder)", "≤ 3 s",
                string.Create(CultureInfo.InvariantCulture, $"median {median:0} ms, max {times[^1]:0} ms ({runs} runs)"), median <= 3000, command),
            new PerfResult("Working set: idle after 10 s of demo trading", "≤ 150 MB",
                string.Create(CultureInfo.InvariantCulture, $"{megabytes:0.0} MB"), megabytes <= 150, command),
        ];
    }
}
