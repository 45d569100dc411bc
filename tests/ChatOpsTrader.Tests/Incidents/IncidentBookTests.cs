using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using static ChatOpsTrader.Tests.Incidents.IncidentTestData;

namespace ChatOpsTrader.Tests.Incidents;

public class IncidentBookTests
{
    private static IncidentDecision.Changed Changed(IncidentDecision decision) =>
        decision as IncidentDecision.Changed ?? throw new Xunit.Sdk.XunitException($"expected a change, got {decision}");

    private static IncidentDecision.Refused Refused(IncidentDecision decision) =>
        decision as IncidentDecision.Refused ?? throw new Xunit.Sdk.XunitException($"expected a refusal, got {decision}");

    private static Incident Open(IncidentBook book, IncidentType type = IncidentType.KillSwitch) =>
        book.Observe(ByType[type].Alert, T0)!.Incident;

    [Theory]
    [MemberData(nameof(Types), MemberType = typeof(IncidentTestData))]
    public void Every_incident_type_opens_from_its_alert_with_the_seeds_severity_and_first_action(IncidentType type)
    {
        var book = new IncidentBook();
        var (alert, expected) = ByType[type];

        var change = book.Observe(alert, T0);

        Assert.NotNull(change);
        var incident = change.Incident;
        Assert.Equal("INC-0001", incident.Id);
        Assert.Equal(type, incident.Type);
        Assert.Equal(expected, incident.Severity);
        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(alert.Title, incident.Title);
        Assert.Equal(alert.Text, incident.Detail);
        Assert.Equal(IncidentEventKind.Opened, change.Event.Kind);
        Assert.Contains("First action: " + book.Catalogue[type].FirstAction, change.Event.Text, StringComparison.Ordinal);
        Assert.Equal(book.Catalogue[type].Steps[0], book.NextStep(incident));
    }

    [Theory]
    [MemberData(nameof(Types), MemberType = typeof(IncidentTestData))]
    public void Every_incident_type_can_be_opened_directly_with_the_runbooks_severity(IncidentType type)
    {
        var book = new IncidentBook();

        var incident = book.OpenOrJoin(type, "manual:" + type, null, "Opened by hand", "details", "web", T0).Incident;

        Assert.Equal(book.Catalogue[type].Severity, incident.Severity);
        Assert.Equal("web", incident.OpenedBy);
        Assert.Equal("web", incident.Timeline[0].Actor);
    }

    [Fact]
    public void Alerts_of_the_same_type_and_key_join_the_unresolved_incident_and_are_counted()
    {
        var book = new IncidentBook();
        var first = book.Observe(ByType[IncidentType.OrderRejectedBroker].Alert, T0)!;
        for (var i = 1; i <= 5; i++)
            book.Observe(ByType[IncidentType.OrderRejectedBroker].Alert, T0.AddSeconds(i));

        var incident = Assert.Single(book.All);
        Assert.Equal(first.Incident.Id, incident.Id);
        Assert.Equal(6, incident.AlertCount);
        Assert.Equal(2, incident.Timeline.Count);
        Assert.Equal(IncidentEventKind.AlertJoined, incident.Timeline[1].Kind);
        Assert.Equal(5, incident.Timeline[1].Count);
        Assert.Equal(T0.AddSeconds(5), incident.Timeline[1].Time);
    }

    [Fact]
    public void A_preflight_and_a_broker_rejection_of_the_same_symbol_are_two_incidents()
    {
        var book = new IncidentBook();
        book.Observe(ByType[IncidentType.OrderRejectedBroker].Alert, T0);
        book.Observe(ByType[IncidentType.OrderRejectedPreflight].Alert, T0);

        Assert.Equal(2, book.Unresolved.Count);
    }

    [Fact]
    public void A_storm_of_alerts_does_not_grow_the_timeline_without_end()
    {
        var book = new IncidentBook();
        for (var i = 0; i < 10_000; i++)
            book.Observe(Alert("reject:AAPL", Severity.Sev3, $"Order rejected: AAPL (rule-{i % 3})"), T0.AddMilliseconds(i));

        var incident = Assert.Single(book.All);
        Assert.Equal(10_000, incident.AlertCount);
        Assert.True(incident.Timeline.Count <= IncidentBook.MaxTimelineEvents);
        Assert.Equal(9_999, incident.Timeline.Sum(e => e.Kind == IncidentEventKind.AlertJoined ? e.Count : 0));
    }

    [Fact]
    public void A_worse_alert_raises_the_incidents_severity()
    {
        var book = new IncidentBook();
        var opened = book.Observe(Alert("margin", Severity.Sev2, "Margin cushion low"), T0)!;

        var raised = book.Observe(Alert("margin", Severity.Sev1, "Liquidation imminent"), T0.AddMinutes(1))!;

        Assert.Equal(opened.Incident.Id, raised.Incident.Id);
        Assert.Equal(Severity.Sev1, raised.Incident.Severity);
        Assert.Equal(IncidentEventKind.SeverityRaised, raised.Event.Kind);
        Assert.Equal("Severity raised to SEV1: Liquidation imminent", raised.Event.Text);
    }

    [Fact]
    public void A_recovery_joins_the_open_incident_and_opens_none()
    {
        var book = new IncidentBook();
        Assert.Null(book.Observe(Alert("broker-connection", Severity.Sev4, "Broker connection restored"), T0));

        var lost = book.Observe(ByType[IncidentType.ConnectionLoss].Alert, T0)!;
        var restored = book.Observe(Alert("broker-connection", Severity.Sev4, "Broker connection restored"), T0.AddMinutes(3))!;

        Assert.Equal(lost.Incident.Id, restored.Incident.Id);
        Assert.Equal("Alert: Broker connection restored", restored.Event.Text);
        Assert.Equal(Severity.Sev2, restored.Incident.Severity);
    }

    [Fact]
    public void After_resolution_the_same_alert_opens_a_new_incident()
    {
        var book = new IncidentBook();
        var first = Open(book);
        Changed(book.Resolve(first.Id, "telegram:42", "Intentional halt for lunch", T0.AddMinutes(30)));

        var second = book.Observe(ByType[IncidentType.KillSwitch].Alert, T0.AddHours(1))!;

        Assert.Equal(IncidentEventKind.Opened, second.Event.Kind);
        Assert.Equal("INC-0002", second.Incident.Id);
    }

    [Fact]
    public void Acknowledge_records_who_and_when_and_says_the_next_step()
    {
        var book = new IncidentBook();
        var incident = Open(book);

        var change = Changed(book.Acknowledge(incident.Id, "telegram:42", T0.AddMinutes(2)));

        Assert.Equal(IncidentStatus.Acknowledged, change.Incident.Status);
        Assert.Equal(T0.AddMinutes(2), change.Incident.AcknowledgedAt);
        Assert.Equal("telegram:42", change.Incident.AcknowledgedBy);
        Assert.Equal("Acknowledged by telegram:42. Next: Was it intentional? (yes / no)", change.Event.Text);
        Assert.Equal(1, change.EventIndex);
        Assert.Same(change.Incident, book.Find(incident.Id));
    }

    [Fact]
    public void Ids_are_short_and_forgiving_to_type()
    {
        var book = new IncidentBook();
        for (var i = 0; i < 7; i++)
            book.OpenOrJoin(IncidentType.NoSignals, $"k{i}", null, "t", "d", "system", T0);

        Assert.Equal("INC-0007", book.Find("INC-0007")!.Id);
        Assert.Equal("INC-0007", book.Find("inc-7")!.Id);
        Assert.Equal("INC-0007", book.Find(" 7 ")!.Id);
        Assert.Null(book.Find("INC-0008"));
        Assert.Null(book.Find("seven"));
        Assert.Null(book.Find("-7"));
    }

    [Fact]
    public void Numbering_continues_after_restored_incidents()
    {
        var restored = new Incident("INC-0041", IncidentType.BackupFailure, "backup", Severity.Sev4, IncidentStatus.Resolved, "Backup failed", "", T0, []);
        var book = new IncidentBook(incidents: [restored]);

        var next = book.OpenOrJoin(IncidentType.BackupFailure, "backup", Severity.Sev4, "Backup failed again", "", "system", T0.AddDays(1));

        Assert.Equal("INC-0042", next.Incident.Id);
        Assert.Equal(2, book.All.Count);
    }

    [Fact]
    public void Acknowledging_twice_a_resolved_or_an_unknown_incident_is_refused_with_the_reason()
    {
        var book = new IncidentBook();
        var incident = Open(book);
        Changed(book.Acknowledge(incident.Id, "telegram:42", T0.AddMinutes(1)));

        var twice = Refused(book.Acknowledge(incident.Id, "discord:7", T0.AddMinutes(2)));
        Assert.Equal("incident.already-acknowledged", twice.Rule);
        Assert.Contains("already acknowledged at 2026-11-18 15:01 UTC by telegram:42", twice.Message, StringComparison.Ordinal);

        Changed(book.Resolve(incident.Id, "telegram:42", "done", T0.AddMinutes(3)));
        Assert.Equal("incident.resolved", Refused(book.Acknowledge(incident.Id, "discord:7", T0.AddMinutes(4))).Rule);

        var unknown = Refused(book.Acknowledge("INC-0099", "discord:7", T0));
        Assert.Equal("incident.unknown", unknown.Rule);
        Assert.Contains("No incident 'INC-0099'. There are no unresolved incidents.", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_needs_a_note_and_cannot_happen_twice()
    {
        var book = new IncidentBook();
        var incident = Open(book, IncidentType.DatabaseCorruption);
        Open(book, IncidentType.NoSignals);

        var noNote = Refused(book.Resolve(incident.Id, "web", "  ", T0.AddMinutes(5)));
        Assert.Equal("incident.note-required", noNote.Rule);
        Assert.Contains("/resolve INC-0001 <note>", noNote.Message, StringComparison.Ordinal);

        var resolved = Changed(book.Resolve(incident.Id, "web", "Disk full; freed space, restored last night's backup", T0.AddMinutes(40)));
        Assert.Equal(IncidentStatus.Resolved, resolved.Incident.Status);
        Assert.Equal("web", resolved.Incident.ResolvedBy);
        Assert.Equal(TimeSpan.FromMinutes(40), resolved.Incident.Duration(T0.AddDays(1)));

        var twice = Refused(book.Resolve(incident.Id, "web", "again", T0.AddHours(1)));
        Assert.Equal("incident.already-resolved", twice.Rule);
        Assert.Contains("Disk full", twice.Message, StringComparison.Ordinal);
        Assert.Contains("Unresolved: INC-0002", Refused(book.Resolve("INC-0003", "web", "x", T0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_incident_can_be_resolved_without_an_acknowledgement_first()
    {
        var book = new IncidentBook();
        var incident = Open(book);

        var resolved = Changed(book.Resolve(incident.Id, "web", "false alarm", T0.AddMinutes(1)));

        Assert.Null(resolved.Incident.AcknowledgedAt);
        Assert.Equal(IncidentStatus.Resolved, resolved.Incident.Status);
    }

    [Fact]
    public void A_runbook_choice_is_recorded_with_what_to_do_and_moves_to_the_next_step()
    {
        var book = new IncidentBook();
        var incident = Open(book);

        var change = Changed(book.RecordChoice(incident.Id, "telegram:42", "intentional", "No", T0.AddMinutes(3)));

        Assert.Equal(IncidentEventKind.ChoiceRecorded, change.Event.Kind);
        Assert.Equal("intentional", change.Event.Step);
        Assert.Equal("no", change.Event.Choice);
        Assert.Equal("Was it intentional? No: Investigate what triggered it (next step). Run: /audit", change.Event.Text);
        Assert.Equal("trigger", book.NextStep(change.Incident)!.Key);
    }

    [Fact]
    public void Unknown_steps_and_answers_and_choices_on_resolved_incidents_are_refused()
    {
        var book = new IncidentBook();
        var incident = Open(book, IncidentType.PositionMismatch);

        var step = Refused(book.RecordChoice(incident.Id, "web", "weather", "sunny", T0));
        Assert.Equal("runbook.unknown-step", step.Rule);
        Assert.Contains("Steps: discrepancy, corrected", step.Message, StringComparison.Ordinal);

        var choice = Refused(book.RecordChoice(incident.Id, "web", "discrepancy", "sideways", T0));
        Assert.Equal("runbook.unknown-choice", choice.Rule);
        Assert.Contains("Answers: more, less, price", choice.Message, StringComparison.Ordinal);

        Changed(book.Resolve(incident.Id, "web", "fixed", T0.AddMinutes(1)));
        Assert.Equal("incident.resolved", Refused(book.RecordChoice(incident.Id, "web", "discrepancy", "more", T0.AddMinutes(2))).Rule);
        Assert.Equal("incident.unknown", Refused(book.RecordChoice("INC-0050", "web", "discrepancy", "more", T0)).Rule);
    }

    [Fact]
    public void Notes_may_be_added_after_resolution_for_the_postmortem()
    {
        var book = new IncidentBook();
        var incident = Open(book);
        Changed(book.Resolve(incident.Id, "web", "fixed", T0.AddMinutes(1)));

        var note = Changed(book.AddNote(incident.Id, "web", "Halting before lunch should be a scheduled job", T0.AddHours(2)));

        Assert.Equal(IncidentEventKind.NoteAdded, note.Event.Kind);
        Assert.Single(note.Incident.Notes);
        Assert.Equal("incident.note-required", Refused(book.AddNote(incident.Id, "web", "", T0)).Rule);
    }

    [Fact]
    public void Every_change_appends_to_the_timeline_in_order()
    {
        var book = new IncidentBook();
        var incident = Open(book);
        book.Acknowledge(incident.Id, "a", T0.AddMinutes(1));
        book.RecordChoice(incident.Id, "a", "intentional", "yes", T0.AddMinutes(2));
        book.AddNote(incident.Id, "a", "note", T0.AddMinutes(3));
        var last = Changed(book.Resolve(incident.Id, "a", "done", T0.AddMinutes(4)));

        Assert.Equal(
            [IncidentEventKind.Opened, IncidentEventKind.Acknowledged, IncidentEventKind.ChoiceRecorded, IncidentEventKind.NoteAdded, IncidentEventKind.Resolved],
            last.Incident.Timeline.Select(e => e.Kind));
        Assert.Equal(4, last.EventIndex);
        Assert.Empty(book.Unresolved);
    }
}
