using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;

namespace ChatOpsTrader.Tests.Storage;

public sealed class AlertOutboxTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chatops-outbox-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static Alert Alert(string id, int minute) =>
        new(id, new DateTimeOffset(2026, 11, 20, 14, minute, 0, TimeSpan.Zero), Severity.Sev2, "k:" + id, "title " + id, "text", "first action");

    [Fact]
    public async Task Alerts_stay_pending_with_their_original_time_until_their_delivery_is_recorded_even_across_a_reopen()
    {
        var path = Path.Combine(_dir, "chatops.db");
        using (var journal = SqliteJournal.Open(path, TimeProvider.System))
        {
            await journal.CommitAsync([new AlertRecordedRecord(Alert("b", 2)), new AlertRecordedRecord(Alert("a", 1)), new AlertRecordedRecord(Alert("c", 3))], CancellationToken.None);
            await journal.CommitAsync([new AlertDeliveredRecord("b", "delivered", "telegram,discord", 2, DateTimeOffset.UtcNow)], CancellationToken.None);
        }

        using var reopened = SqliteJournal.Open(path, TimeProvider.System);
        var pending = await reopened.GetPendingAlertsAsync(100, CancellationToken.None);
        Assert.Equal(["a", "c"], pending.Select(a => a.Id));
        Assert.Equal(Alert("a", 1), pending[0]);

        await reopened.CommitAsync([new AlertDeliveredRecord("a", "failed", string.Empty, 5, null)], CancellationToken.None);
        Assert.Equal(["c"], (await reopened.GetPendingAlertsAsync(100, CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    public async Task Recording_the_delivery_of_an_unknown_alert_fails_the_batch()
    {
        using var journal = SqliteJournal.Open(Path.Combine(_dir, "chatops.db"), TimeProvider.System);
        await Assert.ThrowsAsync<JournalException>(async () =>
            await journal.CommitAsync([new AlertDeliveredRecord("nope", "delivered", "log", 1, DateTimeOffset.UtcNow)], CancellationToken.None));
        await Assert.ThrowsAsync<JournalException>(async () =>
            await journal.CommitAsync([new AlertRecordedRecord(Alert("x", 1)), new AlertDeliveredRecord("x", "lost", "log", 1, null)], CancellationToken.None));
        Assert.Empty(await journal.GetPendingAlertsAsync(10, CancellationToken.None));
    }
}
