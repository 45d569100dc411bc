using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Storage;
using ChatOpsTrader.Tests.Storage;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Host;

/// <summary>
/// Acceptance (issue 4): 10,000 rejections in 10 seconds through the real <see cref="NotifierHub"/> (policy, durable
/// outbox on a real SQLite file, one delivery lane per channel) with two chat channels, on a fake clock.
/// </summary>
public sealed partial class AlertStormAcceptanceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero); // Friday 10:00 New York

    private sealed class RecordingChannel(string name, TimeProvider time) : IAlertChannel
    {
        public ConcurrentQueue<(Alert Alert, DateTimeOffset At)> Got { get; } = new();

        public string Name => name;

        public bool IsEnabled => true;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Got.Enqueue((alert, time.GetUtcNow()));
            return Task.FromResult(AlertDelivery.Ok());
        }
    }

    [GeneratedRegex(@"\((\d+) alerts\)$")]
    private static partial Regex AggregatedSuffix();

    /// <summary>How many raised alerts a delivered message stands for: the hub appends "(N alerts)" to folds.</summary>
    private static int CountOf(Alert alert)
    {
        var match = AggregatedSuffix().Match(alert.Title);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
    }

    [Fact]
    public async Task Ten_thousand_rejections_in_ten_seconds_are_a_handful_of_messages_per_channel_nothing_is_lost_and_a_SEV1_is_not_delayed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var dir = new TempDirectory();
        var path = dir.DatabasePath();
        var time = new ManualTimeProvider(T0);
        var journal = SqliteJournal.Open(path, time);
        var telegram = new RecordingChannel("telegram", time);
        var discord = new RecordingChannel("discord", time);
        var settings = ChatOpsSettings.Load(new ConfigurationBuilder().Build());
        var hub = new NotifierHub(new LogNotifier(NullLogger<LogNotifier>.Instance), [telegram, discord], JournalGate.Open(journal, path), settings, time, NullLogger<NotifierHub>.Instance);
        await hub.StartAsync(cts.Token);

        string[] symbols = ["AAPL", "MSFT", "TSLA", "NVDA"];
        Alert? halt = null;
        var stormBeforeHalt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var step = 0; step < 100; step++)
        {
            // As the engine does: a batch of alerts is committed to the outbox, then handed to the hub.
            var now = time.GetUtcNow();
            var batch = Enumerable.Range(step * 100, 100)
                .Select(i => new Alert($"rej-{i:D5}", now, Severity.Sev3, AlertKeys.Reject(symbols[i % symbols.Length]), $"Order rejected: {symbols[i % symbols.Length]} (max-position)", $"bot: reason {i}", "Check the pre-flight reason."))
                .ToList();
            await journal.CommitAsync([.. batch.Select(a => (JournalRecord)new AlertRecordedRecord(a))], cts.Token);
            foreach (var alert in batch)
                hub.Notify(alert);
            await hub.WhenIdleAsync(cts.Token); // the hub keeps up with the clock, as it does in real time

            if (step == 50)
            {
                halt = new Alert("halt", now, Severity.Sev1, AlertKeys.KillSwitch, "Trading HALTED (Runaway)", "By system: runaway orders", "Do not resume the same day.");
                await journal.CommitAsync([new AlertRecordedRecord(halt)], cts.Token);
                hub.Notify(halt);

                // The clock stands still: the SEV1 must reach both channels without any time passing.
                await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(telegram.Got.Any(g => g.Alert.Id == "halt") && discord.Got.Any(g => g.Alert.Id == "halt")), seconds: 20);
                foreach (var channel in new[] { telegram, discord })
                {
                    var delivered = channel.Got.ToList();
                    Assert.Equal(now, delivered.Single(g => g.Alert.Id == "halt").At);
                    stormBeforeHalt[channel.Name] = delivered.TakeWhile(g => g.Alert.Id != "halt").Count();
                }
            }
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Someone acknowledges the halt; the dedup windows close as time goes on and the folds go out.
        hub.Acknowledge(AlertKeys.KillSwitch);
        await hub.WhenIdleAsync(cts.Token);
        for (var s = 0; s < 30; s++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await hub.WhenIdleAsync(cts.Token);
        }
        await HostAcceptanceTests.WaitUntilAsync(async () => (await journal.GetPendingAlertsAsync(20_000, cts.Token)).Count == 0, seconds: 30);
        await hub.StopAsync(cts.Token);
        journal.Dispose();

        Assert.NotNull(halt);
        foreach (var channel in new[] { telegram, discord })
        {
            var got = channel.Got.ToList();
            var storm = got.Where(g => g.Alert.Key.StartsWith(AlertKeys.RejectPrefix, StringComparison.Ordinal)).ToList();
            Assert.InRange(storm.Count, symbols.Length, 12); // a handful: the first of each symbol, then the folds
            Assert.Equal(10_000, storm.Sum(g => CountOf(g.Alert)));
            Assert.All(symbols, s => Assert.Contains(storm, g => g.Alert.Key == AlertKeys.Reject(s) && CountOf(g.Alert) > 1));

            // The SEV1 went out once, ahead of the storm's backlog: only the first alert per symbol could precede it.
            Assert.Single(got, g => g.Alert.Id == "halt");
            Assert.InRange(stormBeforeHalt[channel.Name], 0, symbols.Length);
            var haltIndex = got.FindIndex(g => g.Alert.Id == "halt");
            Assert.True(got.FindIndex(g => CountOf(g.Alert) > 1) > haltIndex, "an aggregated storm message went out before the SEV1");
        }

        // Nothing lost: every raised alert is in the outbox on disk, and every one is marked delivered.
        Assert.Equal(10_001L, RawDb.Rows(path, "SELECT COUNT(*) FROM alerts")[0][0]);
        Assert.Equal(10_001L, RawDb.Rows(path, "SELECT COUNT(*) FROM alerts WHERE status = 'delivered'")[0][0]);
    }
}
