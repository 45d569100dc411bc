using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void DecideIncidentAction(IncidentActionInput input, DateTimeOffset now)
    {
        var who = input.Actor.ToString();
        var decision = input.Action switch
        {
            IncidentAction.Acknowledge => _incidentBook.Acknowledge(input.Id, who, now),
            IncidentAction.Resolve => _incidentBook.Resolve(input.Id, who, input.Note ?? string.Empty, now),
            IncidentAction.Choose => _incidentBook.RecordChoice(input.Id, who, input.Step ?? string.Empty, input.Choice ?? string.Empty, now),
            _ => _incidentBook.AddNote(input.Id, who, input.Note ?? string.Empty, now),
        };
        var command = input.Action switch
        {
            IncidentAction.Acknowledge => "/ack",
            IncidentAction.Resolve => "/resolve",
            IncidentAction.Choose => "/choose",
            _ => "/note",
        };
        var arguments = string.Join(' ', new[] { input.Id, input.Step, input.Choice, input.Note }.Where(a => !string.IsNullOrEmpty(a)));

        switch (decision)
        {
            case IncidentDecision.Refused refused:
                Audit(input.Actor, command, arguments, "refused", refused.Message, now);
                _completions.Add(() => input.Completion.TrySetResult(new IncidentOutcome(false, refused.Message, null, refused.Rule)));
                return;
            case IncidentDecision.Changed changed:
                _records.Add(new IncidentRecordedRecord(changed.Incident));
                Audit(input.Actor, command, arguments, "ok", changed.Event.Text, now);
                _dirty = true;
                if (input.Action == IncidentAction.Acknowledge)
                {
                    var id = changed.Incident.Id;
                    _actions.Add(_ => { _notifier.Acknowledge(id); return Task.CompletedTask; });
                }
                _completions.Add(() => input.Completion.TrySetResult(new IncidentOutcome(true, changed.Event.Text, changed.Incident)));
                return;
        }
    }

    /// <summary>
    /// An alert someone else delivers (the alert policy's "alert channel down/restored"): it opens or joins its
    /// incident, journaled, but is not handed to the notifier again.
    /// </summary>
    public void ObserveAlert(Core.Alerts.Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Post(new ObserveAlertInput(alert));
    }

    private void ObserveOnly(Core.Alerts.Alert alert)
    {
        if (_incidentBook.Observe(alert, alert.Time) is not { } change)
            return;
        _records.Add(new IncidentRecordedRecord(change.Incident));
        _dirty = true;
    }

    /// <summary>The first unanswered runbook step of an incident, or null.</summary>
    public RunbookStep? NextStep(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var answered = incident.Choices.Select(c => c.Step).ToHashSet(StringComparer.Ordinal);
        return Runbooks[incident.Type].Steps.FirstOrDefault(s => !answered.Contains(s.Key));
    }
}
