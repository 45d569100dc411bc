using System.Collections.Concurrent;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Host.Configuration;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Host;

public class NotifierHubTests
{
    private sealed class FakeChannel(string name, bool works) : IAlertChannel
    {
        public ConcurrentQueue<Alert> Got { get; } = new();

        public string Name => name;

        public bool IsEnabled => true;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Got.Enqueue(alert);
            return Task.FromResult(works ? AlertDelivery.Ok() : AlertDelivery.Failed("401 Unauthorized", retryable: false));
        }
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);

    private static Alert Alert(string id, string key, Severity severity = Severity.Sev2) => new(id, T0, severity, key, "t " + id, "x", "y");

    private static (NotifierHub Hub, LogNotifier Log) Hub(InMemoryJournal journal, ManualTimeProvider time, params IAlertChannel[] channels)
    {
        var settings = ChatOpsSettings.Load(new ConfigurationBuilder().Build());
        var log = new LogNotifier(NullLogger<LogNotifier>.Instance);
        return (new NotifierHub(log, channels, JournalGate.Open(journal, "test.db"), settings, time, NullLogger<NotifierHub>.Instance), log);
    }

    [Fact]
    public async Task Alerts_left_pending_by_an_earlier_run_are_delivered_first_with_their_original_time_and_recorded()
    {
        var time = new ManualTimeProvider(T0.AddMinutes(30));
        var journal = new InMemoryJournal();
        await journal.CommitAsync([new AlertRecordedRecord(Alert("old", "kill-switch", Severity.Sev1))], CancellationToken.None);
        var telegram = new FakeChannel("telegram", works: true);
        var (hub, _) = Hub(journal, time, telegram);

        await hub.StartAsync(CancellationToken.None);
        await journal.CommitAsync([new AlertRecordedRecord(Alert("new", "runaway", Severity.Sev1))], CancellationToken.None);
        hub.Notify(Alert("new", "runaway", Severity.Sev1));
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(journal.All<AlertDeliveredRecord>().Length == 2), seconds: 10);
        await hub.StopAsync(CancellationToken.None);

        Assert.Equal(["old", "new"], telegram.Got.Select(a => a.Id));
        Assert.Equal(T0, telegram.Got.First().Time);
        Assert.All(journal.All<AlertDeliveredRecord>(), r => Assert.Equal(("delivered", "telegram"), (r.Status, r.Channels)));
        Assert.Empty(await journal.GetPendingAlertsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Repeats_of_one_key_are_folded_and_nothing_is_lost()
    {
        var time = new ManualTimeProvider(T0);
        var journal = new InMemoryJournal();
        var telegram = new FakeChannel("telegram", works: true);
        var (hub, _) = Hub(journal, time, telegram);
        await hub.StartAsync(CancellationToken.None);
        var alerts = Enumerable.Range(0, 50).Select(i => Alert($"r{i}", "reject:AAPL", Severity.Sev3)).ToList();
        await journal.CommitAsync([.. alerts.Select(a => (JournalRecord)new AlertRecordedRecord(a))], CancellationToken.None);
        foreach (var alert in alerts)
            hub.Notify(alert);
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(telegram.Got.Count == 1), seconds: 10);

        time.Advance(TimeSpan.FromMinutes(3)); // the dedup window closes: one aggregated alert for the other 49
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(journal.All<AlertDeliveredRecord>().Select(r => r.AlertId).Distinct().Count() == 50), seconds: 10);
        await hub.StopAsync(CancellationToken.None);

        Assert.Equal(2, telegram.Got.Count);
        Assert.Contains("49", telegram.Got.Last().Title + telegram.Got.Last().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_a_failing_channel_cannot_deliver_stay_pending_and_the_channel_is_reported_down()
    {
        var time = new ManualTimeProvider(T0);
        var journal = new InMemoryJournal();
        var (hub, log) = Hub(journal, time, new FakeChannel("discord", works: false));
        await hub.StartAsync(CancellationToken.None);
        var alerts = Enumerable.Range(0, 4).Select(i => Alert($"a{i}", $"key{i}")).ToList();
        await journal.CommitAsync([.. alerts.Select(a => (JournalRecord)new AlertRecordedRecord(a))], CancellationToken.None);
        foreach (var alert in alerts)
            hub.Notify(alert);

        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(log.Recent.Any(a => a.Title.Contains("down", StringComparison.OrdinalIgnoreCase))), seconds: 10);
        await hub.StopAsync(CancellationToken.None);
        Assert.Equal(4, (await journal.GetPendingAlertsAsync(10, CancellationToken.None)).Count);
    }
}
