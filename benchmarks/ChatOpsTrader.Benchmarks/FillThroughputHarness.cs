using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Benchmarks.Suite;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Timed harness: executions arriving from the broker go through the engine loop (decide, group commit with fsync,
/// then publish) into the real SQLite journal. Reports durable fills per second. Target ≥ 5,000/s.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- fills</c>.
/// </summary>
public static class FillThroughputHarness
{
    public static async Task<PerfResult> RunAsync(int fills = 50_000)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatops-fills-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "fills.db");
            TimeSpan elapsed;
            using (var journal = SqliteJournal.Open(path, TimeProvider.System))
            {
                var engine = new TradingEngine(journal, new QuietBroker(), new NullNotifier(), TimeProvider.System, new EngineOptions(), NullLogger<TradingEngine>.Instance);
                using var stop = new CancellationTokenSource();
                var run = engine.RunAsync(stop.Token);
                await engine.Ready;

                var symbols = new[] { "AAPL", "MSFT", "NVDA", "SPY", "TSLA" };
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < fills; i++)
                {
                    var side = i % 2 == 0 ? OrderSide.Buy : OrderSide.Sell;
                    var fill = new Fill($"bench-{i}", 1000 + i, "COT-bench", symbols[i % symbols.Length], side, 1, 100m + (i % 7), 1m, DateTimeOffset.UtcNow, "bench");
                    engine.OnBrokerEvent(new ExecutionReceived(DateTimeOffset.UtcNow, fill));
                }
                await engine.WhenIdleAsync(CancellationToken.None);
                watch.Stop();
                await stop.CancelAsync();
                try
                {
                    await run;
                }
                catch (OperationCanceledException)
                {
                }
                elapsed = watch.Elapsed;
            }
            using var reopened = SqliteJournal.Open(path, TimeProvider.System);
            var recovered = await reopened.RecoverAsync(CancellationToken.None);
            var perSecond = fills / elapsed.TotalSeconds;
            return new PerfResult(
                "Journal: durable fills through the engine loop (group commit, fsync)",
                "≥ 5,000 fills/s, every fill recovered",
                string.Create(CultureInfo.InvariantCulture, $"{fills:N0} fills in {elapsed.TotalSeconds:0.00} s = {perSecond:N0}/s; {recovered.Fills.Count:N0} recovered after reopening"),
                perSecond >= 5_000 && recovered.Fills.Count == fills,
                "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- fills");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
