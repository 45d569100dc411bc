using System.Collections.Concurrent;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Host.Hosting;
using ChatOpsTrader.Tests.Support;
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

    private static Alert Alert(string id) => new(id, new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero), Severity.Sev1, "k", "t " + id, "x", "y");

    [Fact]
    public async Task Alerts_left_pending_by_an_earlier_run_are_delivered_at_start_with_their_original_time_and_recorded()
    {
        var journal = new InMemoryJournal();
        await journal.CommitAsync([new AlertRecordedRecord(Alert("old"))], CancellationToken.None);
        var good = new FakeChannel("telegram", works: true);
        var bad = new FakeChannel("discord", works: false);
        var hub = new NotifierHub(new LogNotifier(NullLogger<LogNotifier>.Instance), [good, bad], JournalGate.Open(journal, "test.db"), new ManualTimeProvider(), NullLogger<NotifierHub>.Instance);

        await hub.StartAsync(CancellationToken.None);
        await journal.CommitAsync([new AlertRecordedRecord(Alert("new"))], CancellationToken.None);
        hub.Notify(Alert("new"));
        hub.Notify(Alert("new"));
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(journal.All<AlertDeliveredRecord>().Length == 2), seconds: 10);
        await hub.StopAsync(CancellationToken.None);

        Assert.Equal(["old", "new"], good.Got.Select(a => a.Id));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.Zero), good.Got.First().Time);
        Assert.All(journal.All<AlertDeliveredRecord>(), r =>
        {
            Assert.Equal("delivered", r.Status);
            Assert.Equal("telegram", r.Channels);
        });
        Assert.Empty(await journal.GetPendingAlertsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task An_alert_no_channel_takes_is_recorded_as_failed()
    {
        var journal = new InMemoryJournal();
        var hub = new NotifierHub(new LogNotifier(NullLogger<LogNotifier>.Instance), [new FakeChannel("discord", works: false)], JournalGate.Open(journal, "test.db"), new ManualTimeProvider(), NullLogger<NotifierHub>.Instance);
        await hub.StartAsync(CancellationToken.None);
        await journal.CommitAsync([new AlertRecordedRecord(Alert("a"))], CancellationToken.None);
        hub.Notify(Alert("a"));
        await HostAcceptanceTests.WaitUntilAsync(() => Task.FromResult(journal.All<AlertDeliveredRecord>().Length == 1), seconds: 10);
        await hub.StopAsync(CancellationToken.None);
        Assert.Equal("failed", journal.All<AlertDeliveredRecord>().Single().Status);
    }
}
