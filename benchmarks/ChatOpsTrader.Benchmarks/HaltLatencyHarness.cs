using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Benchmarks.Suite;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Benchmarks;

/// <summary>
/// Timed harness: <c>/halt</c> accepted ⇒ Halted committed durably (SQLite, WAL, synchronous=FULL) ⇒ cancel-all
/// handed to the broker port. Target p99 ≤ 5 ms. Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- halt</c>.
/// </summary>
public static class HaltLatencyHarness
{
    public static async Task<PerfResult> RunAsync(int iterations = 2000)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatops-halt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var journal = SqliteJournal.Open(Path.Combine(dir, "halt.db"), TimeProvider.System);
            var broker = new TimingBroker();
            // Resume without waiting, so every timed halt is a real Restricted -> Halted transition (the resume is not timed).
            var options = new EngineOptions { ResumePolicy = new Core.Trading.ResumePolicy { MinimumHaltDuration = TimeSpan.Zero, BlockSameTradingDay = false } };
            var engine = new TradingEngine(journal, broker, new NullNotifier(), TimeProvider.System, options, NullLogger<TradingEngine>.Instance);
            using var stop = new CancellationTokenSource();
            var run = engine.RunAsync(stop.Token);
            await engine.Ready;

            var samples = new double[iterations];
            var actor = new Actor("web", "web", "admin");
            for (var i = -200; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                broker.Arm(start);
                await engine.HaltAsync(actor, "benchmark", CancellationToken.None);
                if (i >= 0)
                    samples[i] = broker.LastLatencyMs;
                var resumed = await engine.ResumeAsync(actor, "benchmark", overridePolicy: false, CancellationToken.None);
                if (!resumed.Ok)
                    throw new InvalidOperationException(resumed.Message);
            }
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }

            Array.Sort(samples);
            double P(double q) => Percentiles.Of(samples, q);
            return new PerfResult(
                "Halt: /halt accepted ⇒ Halted durable (WAL, synchronous=FULL) ⇒ cancel-all at the broker port",
                "p99 ≤ 5 ms",
                string.Create(CultureInfo.InvariantCulture, $"n={iterations}: p50 {P(0.50):0.000} ms, p95 {P(0.95):0.000} ms, p99 {P(0.99):0.000} ms, max {samples[^1]:0.000} ms"),
                P(0.99) <= 5.0,
                "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- halt");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Records the time from arming to the cancel-all call.</summary>
    private sealed class TimingBroker : QuietBroker
    {
        private long _armedAt;

        public double LastLatencyMs { get; private set; }

        public void Arm(long timestamp) => _armedAt = timestamp;

        public override ValueTask CancelAllAsync(CancellationToken cancellationToken)
        {
            LastLatencyMs = Stopwatch.GetElapsedTime(_armedAt).TotalMilliseconds;
            return ValueTask.CompletedTask;
        }
    }
}
