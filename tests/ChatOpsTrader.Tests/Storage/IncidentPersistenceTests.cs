using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Storage;

namespace ChatOpsTrader.Tests.Storage;

public sealed class IncidentPersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "chatops-incidents-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task An_incident_with_its_timeline_round_trips_through_the_journal_and_updates_in_place()
    {
        var path = Path.Combine(_dir, "chatops.db");
        var now = new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);
        var book = new IncidentBook();
        var opened = book.Observe(new Alert("a1", now, Severity.Sev1, "kill-switch", "Trading HALTED (Manual)", "By web: testing", "Do not resume the same day."), now)!;
        var acked = (IncidentDecision.Changed)book.Acknowledge(opened.Incident.Id, "telegram:42", now.AddMinutes(1));
        var chose = (IncidentDecision.Changed)book.RecordChoice(opened.Incident.Id, "telegram:42", book.NextStep(acked.Incident)!.Key, book.NextStep(acked.Incident)!.Choices[0].Key, now.AddMinutes(2));

        using (var journal = SqliteJournal.Open(path, TimeProvider.System))
        {
            await journal.CommitAsync([new IncidentRecordedRecord(opened.Incident)], CancellationToken.None);
            await journal.CommitAsync([new IncidentRecordedRecord(acked.Incident), new IncidentRecordedRecord(chose.Incident)], CancellationToken.None);
        }

        using var reopened = SqliteJournal.Open(path, TimeProvider.System);
        var recovered = Assert.Single((await reopened.RecoverAsync(CancellationToken.None)).Incidents!);
        Assert.Equal(chose.Incident.Id, recovered.Id);
        Assert.Equal(IncidentStatus.Acknowledged, recovered.Status);
        Assert.Equal("telegram:42", recovered.AcknowledgedBy);
        Assert.Equal(chose.Incident.Timeline, recovered.Timeline);
        Assert.Single(recovered.Choices);
    }
}
