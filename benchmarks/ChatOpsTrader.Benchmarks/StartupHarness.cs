using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Timed harness: start the published host (fresh data folder), time until <c>/healthz</c> is Healthy, let it idle
/// 10 s with the demo strategy trading, read its working set. Targets: ≤ 3 s, ≤ 150 MB.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- startup</c>.
/// </summary>
public static class StartupHarness
{
    public static async Task RunAsync(string? dllPath, int runs = 5)
    {
        var dll = dllPath ?? Path.Combine(AppContext.BaseDirectory, "ChatOpsTrader.dll");
        var times = new List<double>();
        long workingSet = 0;
        for (var run = 0; run < runs; run++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "chatops-start-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet", $"\"{dll}\"") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment["Web__Urls"] = $"http://127.0.0.1:{port}";
            info.Environment["Web__Token"] = "startup-harness-token-0123";
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (true)
            {
                try
                {
                    var body = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
                    if (body.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal))
                        break;
                }
                catch (HttpRequestException)
                {
                }
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException("not healthy within 60 s");
                await Task.Delay(20);
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (run == runs - 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                process.Refresh();
                workingSet = process.WorkingSet64;
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"startup: runs={runs} median={times[times.Count / 2]:0} ms max={times[^1]:0} ms (target <= 3000 ms); idle working set after 10 s = {workingSet / 1024.0 / 1024.0:0.0} MB (target <= 150 MB)"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
