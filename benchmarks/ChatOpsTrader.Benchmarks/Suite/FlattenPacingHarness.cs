using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Flatten of 200 positions through the engine, our TWS client and the TWS simulator over loopback (the simulator
/// enforces TWS's 50 messages/s: one violation would be error 100 and a dropped connection). Target ≤ 200/40 + 1 = 6 s,
/// no pacing error. Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- flatten</c>.
/// </summary>
public static class FlattenPacingHarness
{
    /// <summary>Opens <paramref name="positions"/> positions at the exchange, then times a flatten of all of them.</summary>
    public static async Task<PerfResult> RunAsync(int positions = 200)
    {
        var symbols = Enumerable.Range(0, positions).Select(i => "S" + i.ToString("000", CultureInfo.InvariantCulture)).ToList();
        await using var tws = await TwsLoopback.StartAsync(symbols);
        for (var i = 0; i < positions; i++)
            tws.Exchange.InjectPosition(symbols[i], i % 2 == 0 ? 10 : -10, 100m);

        var dir = Path.Combine(Path.GetTempPath(), "chatops-flatten-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var journal = SqliteJournal.Open(Path.Combine(dir, "flatten.db"), TimeProvider.System);
            var options = new EngineOptions { Symbols = symbols, Calendar = Core.Trading.TradingCalendar.NewYork() };
            var engine = new TradingEngine(journal, tws.Port, new NullNotifier(), TimeProvider.System, options, NullLogger<TradingEngine>.Instance);
            using var stop = new CancellationTokenSource();
            var run = engine.RunAsync(stop.Token);
            await engine.Ready;
            // The positions nobody ordered are adopted by the start-up reconciliation (and halt trading): flatten closes them.
            var connectsBefore = tws.Port.ConnectCount;
            var watch = Stopwatch.StartNew();
            var report = await engine.FlattenAsync(new Actor("web", "bench", "admin"), null, CancellationToken.None);
            watch.Stop();
            var snapshot = await tws.Port.GetAccountSnapshotAsync(CancellationToken.None);
            var open = snapshot.Positions.Count(p => p.Quantity != 0);
            var reconnected = tws.Port.ConnectCount != connectsBefore;
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }

            var target = TimeSpan.FromSeconds((positions / 40.0) + 1);
            return new PerfResult(
                $"Flatten of {positions} positions: engine → our TWS client → TWS simulator (50 msg/s enforced) over loopback",
                string.Create(CultureInfo.InvariantCulture, $"≤ {target.TotalSeconds:0} s, flat, no pacing error"),
                string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.00} s; {report.OrdersSent.Count} closing orders; {open} positions left; {(reconnected ? "connection dropped (pacing error)" : "no pacing error, one connection")}"),
                watch.Elapsed <= target && open == 0 && report.Flat && !reconnected,
                "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- flatten");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
