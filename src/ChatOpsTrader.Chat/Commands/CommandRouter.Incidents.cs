using System.Globalization;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    private Task<Reply> IncidentsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var open = s.Incidents.Where(i => !i.IsResolved).ToList();
        var rows = open.Select(i => (IReadOnlyList<string>)[
            i.Id,
            i.Severity.ToString().ToUpperInvariant(),
            i.Status.ToString(),
            i.Title,
            Fmt.Ago(i.OpenedAt, s.Time),
            _engine.NextStep(i)?.Question ?? _engine.Runbooks[i.Type].FirstAction,
        ]).ToList();
        return Task.FromResult(new Reply
        {
            Title = open.Count == 0 ? "No open incidents" : $"Open incidents ({open.Count})",
            Severity = open.Any(i => i.Severity == Core.Alerts.Severity.Sev1) ? ReplySeverity.Danger : open.Count > 0 ? ReplySeverity.Warning : ReplySeverity.Success,
            Lines = open.Count == 0 ? ["Nothing needs attention."] : ["Details and the runbook: /incident <id>."],
            Tables = open.Count == 0 ? [] : [new ReplyTable(null, ["Id", "Sev", "Status", "Title", "Opened", "Next step"], rows)],
        });
    }

    private Task<Reply> IncidentAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var incident = FindIncident(request, 1);
        var s = _engine.Snapshot;
        var runbook = _engine.Runbooks[incident.Type];
        var next = _engine.NextStep(incident);
        var lines = new List<string>
        {
            $"{incident.Severity.ToString().ToUpperInvariant()} · {incident.Status} · {incident.Type} · opened {Fmt.Time(incident.OpenedAt)} ({Fmt.Ago(incident.OpenedAt, s.Time)}) · {incident.AlertCount} alert(s)",
            incident.Detail,
            $"First action: {runbook.FirstAction}" + (runbook.FirstCommand is { } first ? $" ({first})" : string.Empty),
        };
        if (incident.AcknowledgedBy is { } ackBy)
            lines.Add($"Acknowledged by {ackBy} at {Fmt.Time(incident.AcknowledgedAt!.Value)}");
        if (incident.ResolvedBy is { } resolvedBy)
            lines.Add($"Resolved by {resolvedBy} at {Fmt.Time(incident.ResolvedAt!.Value)}: {incident.ResolutionNote}");
        var buttons = new List<ReplyButton>();
        if (next is not null && !incident.IsResolved)
        {
            lines.Add($"Next step: {next.Question}");
            foreach (var choice in next.Choices)
            {
                lines.Add($"  {choice.Label}: {choice.Action}" + (choice.Command is { } c ? $" ({c})" : string.Empty));
                buttons.Add(new ReplyButton(choice.Label, $"/choose {incident.Id} {next.Key} {choice.Key}", ButtonStyle.Primary));
            }
        }
        var timeline = incident.Timeline.TakeLast(15).Select(e => (IReadOnlyList<string>)[
            e.Time.ToUniversalTime().ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            e.Actor,
            e.Count > 1 ? $"{e.Text} (x{e.Count})" : e.Text,
        ]).ToList();
        return Task.FromResult(new Reply
        {
            Title = $"{incident.Id}: {incident.Title}",
            Severity = incident.IsResolved ? ReplySeverity.Info : incident.Severity == Core.Alerts.Severity.Sev1 ? ReplySeverity.Danger : ReplySeverity.Warning,
            Lines = lines,
            Tables = [new ReplyTable("Timeline (UTC, latest 15)", ["Time", "Who", "What"], timeline)],
            Buttons = buttons,
        });
    }

    private async Task<Reply> AckAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var incident = FindIncident(request, 1);
        return FromIncident("Acknowledged", await _engine.IncidentActionAsync(request.Actor, IncidentAction.Acknowledge, incident.Id, cancellationToken));
    }

    private async Task<Reply> ResolveAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var incident = FindIncident(request, 2);
        var note = request.Command.Raw[request.Command.Arguments[0].Length..].Trim();
        return FromIncident("Resolved", await _engine.IncidentActionAsync(request.Actor, IncidentAction.Resolve, incident.Id, cancellationToken, note: note));
    }

    private async Task<Reply> ChooseAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var incident = FindIncident(request, 3);
        var args = request.Command.Arguments;
        var outcome = await _engine.IncidentActionAsync(request.Actor, IncidentAction.Choose, incident.Id, cancellationToken, step: args[1], choice: args[2]);
        if (!outcome.Ok || outcome.Incident is null)
            return FromIncident("Choice", outcome);
        var step = _engine.Runbooks[incident.Type].FindStep(args[1]);
        var choice = step?.FindChoice(args[2]);
        var next = _engine.NextStep(outcome.Incident);
        var lines = new List<string> { outcome.Message };
        if (choice is not null)
            lines.Add($"Do: {choice.Action}" + (choice.Command is { } c ? $" ({c})" : string.Empty));
        lines.Add(next is null ? "Every runbook step is answered. When it is over: /resolve <id> <what fixed it>." : $"Next step: {next.Question} (/incident {incident.Id})");
        return new Reply { Title = $"{incident.Id}: choice recorded", Severity = ReplySeverity.Success, Lines = lines };
    }

    private Task<Reply> PostmortemAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var incident = FindIncident(request, 1);
        var text = new PostmortemRenderer(_engine.Options.Calendar).Render(incident, _time.GetUtcNow());
        return Task.FromResult(new Reply
        {
            Title = $"Postmortem {incident.Id}",
            Lines = [.. text.Split('\n')],
        });
    }

    private Incident FindIncident(CommandRequest request, int minimumArguments)
    {
        var args = request.Command.Arguments;
        if (args.Count < minimumArguments)
            throw new ArgumentException(minimumArguments switch
            {
                1 => "Give the incident id, e.g. INC-0007 (see /incidents).",
                2 => "Give the incident id and a note, e.g. /resolve INC-0007 restarted the gateway.",
                _ => "Give the incident id, the step and the choice (use the buttons of /incident <id>).",
            });
        return _engine.Snapshot.Incidents.FirstOrDefault(i => IncidentBook.TryParseId(args[0], out var n) && i.Id == IncidentBook.FormatId(n))
            ?? throw new ArgumentException($"No incident {args[0]} (see /incidents).");
    }

    private static Reply FromIncident(string what, IncidentOutcome outcome) => outcome.Ok
        ? new Reply { Title = $"{outcome.Incident!.Id}: {what.ToLowerInvariant()}", Severity = ReplySeverity.Success, Lines = [outcome.Message] }
        : new Reply { Title = $"{what}: refused", Severity = ReplySeverity.Warning, Lines = [outcome.Message] };
}
