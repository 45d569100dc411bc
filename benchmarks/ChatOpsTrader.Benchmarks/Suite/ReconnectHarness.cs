using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Reconnect and resync: the TWS simulator drops every connection and stops listening for 500 ms, then accepts again;
/// the time from "accepting again" to our adapter being connected and resynced (positions, open orders, executions).
/// Target ≤ 2 s. Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- reconnect</c>.
/// </summary>
public static class ReconnectHarness
{
    /// <summary>Measures <paramref name="outages"/> outages.</summary>
    public static async Task<PerfResult> RunAsync(int outages = 20)
    {
        string[] symbols = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];
        await using var tws = await TwsLoopback.StartAsync(symbols);
        foreach (var symbol in symbols)
            tws.Exchange.InjectPosition(symbol, 5, 100m);
        using (var start = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await tws.Port.StartAsync(new NullSink(), start.Token);

        var samples = new List<double>();
        for (var i = 0; i < outages; i++)
        {
            tws.Server.PauseAccepting();
            tws.Server.DropAllConnections();
            await WaitAsync(() => !tws.Port.IsConnected, TimeSpan.FromSeconds(5));
            await Task.Delay(500);
            var watch = Stopwatch.StartNew();
            tws.Server.ResumeAccepting();
            await WaitAsync(() => tws.Port.IsConnected, TimeSpan.FromSeconds(10));
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        var max = samples[^1];
        return new PerfResult(
            "Reconnect + resync after TWS accepts again (drop, 500 ms nothing listening, back)",
            "≤ 2 s",
            string.Create(CultureInfo.InvariantCulture, $"n={outages}: p50 {Percentiles.Of(samples, 0.5):0} ms, max {max:0} ms"),
            max <= 2000,
            "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- reconnect");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"condition not met within {timeout.TotalSeconds:0} s");
            await Task.Delay(5);
        }
    }

    private sealed class NullSink : IBrokerEventSink
    {
        public void OnBrokerEvent(BrokerEvent brokerEvent)
        {
        }
    }
}
