using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Command → reply through the web transport: <c>POST /api/commands</c> with <c>/status</c> against the real host
/// process on the embedded default (Kestrel, authentication, router, engine snapshot, JSON). Target p99 ≤ 20 ms.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- web-latency</c>.
/// </summary>
public static class WebCommandLatencyHarness
{
    /// <summary>Measures <paramref name="samples"/> commands after a warm-up.</summary>
    public static async Task<PerfResult> RunAsync(string? dllPath = null, int samples = 500)
    {
        await using var host = await HostUnderTest.StartAsync(dllPath);
        for (var i = 0; i < 50; i++)
            await SendAsync(host.Http);
        var measured = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            await SendAsync(host.Http);
            measured.Add(watch.Elapsed.TotalMilliseconds);
        }
        measured.Sort();
        var p99 = Percentiles.Of(measured, 0.99);
        return new PerfResult(
            "Command → reply, web (POST /api/commands /status, real host on loopback)",
            "p99 ≤ 20 ms",
            string.Create(CultureInfo.InvariantCulture, $"n={samples}: p50 {Percentiles.Of(measured, 0.5):0.00} ms, p99 {p99:0.00} ms, max {measured[^1]:0.00} ms"),
            p99 <= 20,
            "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- web-latency");
    }

    private static async Task SendAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/commands", UriKind.Relative), new { text = "/status" });
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
}
