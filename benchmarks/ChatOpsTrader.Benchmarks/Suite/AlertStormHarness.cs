using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Benchmarks.Suite;

/// <summary>
/// Alert storm: 10,000 order rejections raised over 10 s (journaled first, as the engine does) through the real
/// notifier hub and SQLite outbox to two channels that each take 30 ms per message, as a chat API does; a SEV1 is
/// raised in the middle. Targets: a handful of messages per channel, the SEV1 delivered within 1 s, nothing left in
/// the outbox. The dedup window is shortened to 10 s so the aggregate arrives within the run.
/// Run: <c>dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- storm</c>.
/// </summary>
public static class AlertStormHarness
{
    /// <summary>Raises the storm and reports what the channels received.</summary>
    public static async Task<PerfResult> RunAsync(int rejections = 10_000, double seconds = 10)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatops-storm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "storm.db");
            using var journal = SqliteJournal.Open(path, TimeProvider.System);
            var settings = ChatOpsSettings.Load(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Alerts:DedupWindowSeconds"] = "10" })
                .Build());
            var watch = Stopwatch.StartNew();
            var telegram = new SlowChannel("telegram", watch);
            var discord = new SlowChannel("discord", watch);
            var hub = new NotifierHub(new LogNotifier(NullLogger<LogNotifier>.Instance), [telegram, discord], JournalGate.Open(journal, path),
                settings, TimeProvider.System, NullLogger<NotifierHub>.Instance);
            await hub.StartAsync(CancellationToken.None);

            var symbols = new[] { "AAPL", "MSFT", "NVDA", "TSLA", "SPY" };
            watch.Restart();
            const int batch = 100;
            var sev1Raised = TimeSpan.Zero;
            for (var i = 0; i < rejections; i += batch)
            {
                var alerts = Enumerable.Range(i, batch).Select(n => new Alert(
                    $"storm-{n}", DateTimeOffset.UtcNow, Severity.Sev3, $"reject:{symbols[n % symbols.Length]}",
                    $"Order rejected: {symbols[n % symbols.Length]}", "insufficient margin (TWS 201)", "Check buying power before resuming the strategy.")).ToList();
                await journal.CommitAsync([.. alerts.Select(a => (JournalRecord)new AlertRecordedRecord(a))], CancellationToken.None);
                foreach (var alert in alerts)
                    hub.Notify(alert);
                if (i == rejections / 2)
                {
                    var sev1 = new Alert("storm-sev1", DateTimeOffset.UtcNow, Severity.Sev1, "kill-switch", "Kill switch activated", "halted by the storm harness", "Confirm all orders are cancelled.");
                    await journal.CommitAsync([new AlertRecordedRecord(sev1)], CancellationToken.None);
                    sev1Raised = watch.Elapsed;
                    hub.Notify(sev1);
                }
                var due = TimeSpan.FromSeconds(seconds * (i + batch) / rejections);
                if (due > watch.Elapsed)
                    await Task.Delay(due - watch.Elapsed);
            }

            var deadline = watch.Elapsed + TimeSpan.FromSeconds(60);
            while ((await journal.GetPendingAlertsAsync(1, CancellationToken.None)).Count > 0 && watch.Elapsed < deadline)
                await Task.Delay(100);
            var pending = (await journal.GetPendingAlertsAsync(100_000, CancellationToken.None)).Count;
            await hub.StopAsync(CancellationToken.None);

            var sev1Latency = new[] { telegram, discord }
                .Select(c => c.FirstDelivery("storm-sev1") is { } at ? (at - sev1Raised).TotalMilliseconds : double.PositiveInfinity)
                .Max();
            var most = Math.Max(telegram.Count, discord.Count);
            return new PerfResult(
                "Alert storm: 10,000 rejections in 10 s + one SEV1, real hub and SQLite outbox, two 30 ms/message channels",
                "≤ 10 messages per channel, SEV1 delivered ≤ 1 s, nothing left undelivered",
                string.Create(CultureInfo.InvariantCulture,
                    $"telegram {telegram.Count} messages, discord {discord.Count}; SEV1 delivered after {sev1Latency:0} ms on both; {pending} left in the outbox"),
                most <= 10 && sev1Latency <= 1000 && pending == 0,
                "dotnet run -c Release --project benchmarks/ChatOpsTrader.Benchmarks -- storm");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A channel that takes 30 ms per message and records what arrived and when.</summary>
    private sealed class SlowChannel(string name, Stopwatch clock) : IAlertChannel
    {
        private readonly ConcurrentQueue<(Alert Alert, TimeSpan At)> _got = new();

        public string Name => name;

        public bool IsEnabled => true;

        public int Count => _got.Count;

        public TimeSpan? FirstDelivery(string alertId) =>
            _got.Where(g => g.Alert.Id == alertId).Select(g => (TimeSpan?)g.At).FirstOrDefault();

        public async Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            await Task.Delay(30, cancellationToken);
            _got.Enqueue((alert, clock.Elapsed));
            return AlertDelivery.Ok();
        }
    }
}
