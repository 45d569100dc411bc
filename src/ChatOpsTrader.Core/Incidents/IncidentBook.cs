using System.Globalization;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Incidents;

/// <summary>
/// The incidents, from opening to resolution. Pure: every change returns an <see cref="IncidentDecision"/> the engine
/// journals (the incident and its new timeline event); an illegal change is refused with its reason and changes
/// nothing. Owned by the engine loop; not thread-safe.
/// </summary>
public sealed class IncidentBook
{
    /// <summary>The actor of changes made by alerts.</summary>
    public const string System = "system";

    /// <summary>Past this many timeline events, repeated alerts of any title are counted in the latest alert event.</summary>
    public const int MaxTimelineEvents = 200;

    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private int _nextNumber;

    /// <summary>Creates a book.</summary>
    /// <param name="catalogue">The runbooks (default <see cref="RunbookCatalogue.Default"/>).</param>
    /// <param name="incidents">Incidents restored from the journal; numbering continues after the highest id.</param>
    public IncidentBook(RunbookCatalogue? catalogue = null, IEnumerable<Incident>? incidents = null)
    {
        Catalogue = catalogue ?? RunbookCatalogue.Default;
        var highest = 0;
        foreach (var incident in incidents ?? [])
        {
            _incidents[incident.Id] = incident;
            if (TryParseId(incident.Id, out var number))
                highest = Math.Max(highest, number);
        }
        _nextNumber = highest + 1;
    }

    /// <summary>The runbooks incidents are guided by.</summary>
    public RunbookCatalogue Catalogue { get; }

    /// <summary>Every incident, newest first.</summary>
    public IReadOnlyList<Incident> All => [.. _incidents.Values.OrderByDescending(i => i.OpenedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal)];

    /// <summary>Incidents not resolved yet, most severe first, then oldest first.</summary>
    public IReadOnlyList<Incident> Unresolved => [.. _incidents.Values.Where(i => !i.IsResolved).OrderBy(i => i.Severity).ThenBy(i => i.OpenedAt)];

    /// <summary>Formats an incident number: 7 → <c>INC-0007</c>.</summary>
    public static string FormatId(int number) => string.Create(CultureInfo.InvariantCulture, $"INC-{number:D4}");

    /// <summary>Reads what a person typed: <c>INC-0007</c>, <c>inc-7</c>, <c>7</c>.</summary>
    public static bool TryParseId(string? text, out int number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var span = text.AsSpan().Trim();
        if (span.StartsWith("INC-", StringComparison.OrdinalIgnoreCase))
            span = span[4..];
        return int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    /// <summary>The incident with this id (as typed), or null.</summary>
    public Incident? Find(string? id) => TryParseId(id, out var number) && _incidents.TryGetValue(FormatId(number), out var incident) ? incident : null;

    /// <summary>The unresolved incident of this type and key, or null.</summary>
    public Incident? FindUnresolved(IncidentType type, string key) =>
        _incidents.Values.FirstOrDefault(i => !i.IsResolved && i.Type == type && string.Equals(i.Key, key, StringComparison.Ordinal));

    /// <summary>The runbook of an incident.</summary>
    public Runbook RunbookOf(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Catalogue[incident.Type];
    }

    /// <summary>The first runbook step nobody has answered yet, or null when every step has an answer.</summary>
    public RunbookStep? NextStep(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var answered = incident.Choices.Select(c => c.Step).ToHashSet(StringComparer.Ordinal);
        return RunbookOf(incident).Steps.FirstOrDefault(s => !answered.Contains(s.Key));
    }

    /// <summary>
    /// An alert was raised: it opens an incident of its type (see <see cref="IncidentClassifier"/>) or joins the
    /// unresolved one with the same type and key. An alert that is no incident of its own (a loss warning, a
    /// "connection restored") only joins the timeline of an unresolved incident with its key.
    /// </summary>
    /// <returns>The change, or null when the alert is not an incident and joins none.</returns>
    public IncidentDecision.Changed? Observe(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = IncidentClassifier.IncidentKey(alert);
        if (IncidentClassifier.Classify(alert) is { } type)
            return OpenOrJoin(type, key, alert.Severity, alert.Title, alert.Text, System, now);
        var open = _incidents.Values.Where(i => !i.IsResolved && string.Equals(i.Key, key, StringComparison.Ordinal)).MaxBy(i => i.OpenedAt);
        return open is null ? null : Join(open, alert.Title, severity: null, now);
    }

    /// <summary>
    /// Opens an incident, or joins the unresolved one with the same type and key (counting the alert, raising the
    /// severity when this one is worse).
    /// </summary>
    /// <param name="type">The kind of incident.</param>
    /// <param name="key">What it is about (e.g. <c>reject:AAPL</c>).</param>
    /// <param name="severity">The alert's severity; the incident gets the worse of it and the runbook's. Null: the runbook's.</param>
    /// <param name="title">One line.</param>
    /// <param name="detail">The facts.</param>
    /// <param name="actor">Who opens it: <see cref="System"/> for alerts, or a person.</param>
    /// <param name="now">The time.</param>
    public IncidentDecision.Changed OpenOrJoin(IncidentType type, string key, Severity? severity, string title, string detail, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (FindUnresolved(type, key) is { } existing)
            return Join(existing, title, severity, now);

        var runbook = Catalogue[type];
        var worst = severity is { } s ? AlertFold.Worst(s, runbook.Severity) : runbook.Severity;
        var id = FormatId(_nextNumber++);
        var opened = new IncidentEvent(now, IncidentEventKind.Opened, actor,
            $"{AlertWording.Name(worst)} {runbook.Title}: {title}. First action: {runbook.FirstAction}");
        var incident = new Incident(id, type, key, worst, IncidentStatus.Open, title, detail ?? string.Empty, now, [opened]) { OpenedBy = actor };
        _incidents[id] = incident;
        return new IncidentDecision.Changed(incident, opened, 0);
    }

    /// <summary>Someone is on it. Refused for an unknown id, an acknowledged or a resolved incident.</summary>
    public IncidentDecision Acknowledge(string id, string who, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        if (Find(id) is not { } incident)
            return Unknown(id);
        if (incident.IsResolved)
            return new IncidentDecision.Refused("incident.resolved", $"{incident.Id} is already resolved ({When(incident.ResolvedAt)} by {incident.ResolvedBy}); nothing to acknowledge.");
        if (incident.Status == IncidentStatus.Acknowledged)
            return new IncidentDecision.Refused("incident.already-acknowledged", $"{incident.Id} was already acknowledged {When(incident.AcknowledgedAt)} by {incident.AcknowledgedBy}.");
        var next = NextStepText(incident);
        var e = new IncidentEvent(now, IncidentEventKind.Acknowledged, who, $"Acknowledged by {who}.{next}");
        return Apply(incident with { Status = IncidentStatus.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = who }, e);
    }

    /// <summary>
    /// It is over. Needs a note saying what caused it and what fixed it (the postmortem's root cause and resolution).
    /// Refused for an unknown id, a resolved incident or an empty note.
    /// </summary>
    public IncidentDecision Resolve(string id, string who, string note, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        if (Find(id) is not { } incident)
            return Unknown(id);
        if (incident.IsResolved)
            return new IncidentDecision.Refused("incident.already-resolved", $"{incident.Id} was already resolved {When(incident.ResolvedAt)} by {incident.ResolvedBy}: {incident.ResolutionNote}");
        if (string.IsNullOrWhiteSpace(note))
            return new IncidentDecision.Refused("incident.note-required", $"Say what caused it and what fixed it: /resolve {incident.Id} <note>.");
        var text = note.Trim();
        var e = new IncidentEvent(now, IncidentEventKind.Resolved, who, $"Resolved by {who}: {text}");
        return Apply(incident with { Status = IncidentStatus.Resolved, ResolvedAt = now, ResolvedBy = who, ResolutionNote = text }, e);
    }

    /// <summary>
    /// Records an answer to a runbook step (e.g. step <c>intentional</c>, choice <c>no</c>) with what the runbook
    /// says to do. Refused for an unknown id, a resolved incident, or a step or choice the runbook does not have.
    /// </summary>
    public IncidentDecision RecordChoice(string id, string who, string step, string choice, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        if (Find(id) is not { } incident)
            return Unknown(id);
        if (incident.IsResolved)
            return new IncidentDecision.Refused("incident.resolved", $"{incident.Id} is already resolved; add findings with a note instead.");
        var runbook = RunbookOf(incident);
        if (runbook.FindStep(step) is not { } s)
            return new IncidentDecision.Refused("runbook.unknown-step", $"The {runbook.Title} runbook has no step '{step}'. Steps: {string.Join(", ", runbook.Steps.Select(x => x.Key))}.");
        if (s.FindChoice(choice) is not { } c)
            return new IncidentDecision.Refused("runbook.unknown-choice", $"'{s.Question}' has no answer '{choice}'. Answers: {string.Join(", ", s.Choices.Select(x => x.Key))}.");
        var command = c.Command is null ? string.Empty : $" Run: {c.Command}";
        var e = new IncidentEvent(now, IncidentEventKind.ChoiceRecorded, who, $"{s.Question} {c.Label}: {c.Action}{command}") { Step = s.Key, Choice = c.Key };
        return Apply(incident, e);
    }

    /// <summary>Adds a note (findings, lessons learned); allowed after resolution too. Refused for an unknown id or an empty note.</summary>
    public IncidentDecision AddNote(string id, string who, string note, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        if (Find(id) is not { } incident)
            return Unknown(id);
        if (string.IsNullOrWhiteSpace(note))
            return new IncidentDecision.Refused("incident.note-required", "The note is empty.");
        return Apply(incident, new IncidentEvent(now, IncidentEventKind.NoteAdded, who, note.Trim()));
    }

    private IncidentDecision.Changed Join(Incident incident, string title, Severity? severity, DateTimeOffset now)
    {
        var joined = incident with { AlertCount = incident.AlertCount + 1 };
        if (severity is { } s && s < incident.Severity)
        {
            var raised = new IncidentEvent(now, IncidentEventKind.SeverityRaised, System, $"Severity raised to {AlertWording.Name(s)}: {title}");
            return Apply(joined with { Severity = s }, raised);
        }

        // Repeats are counted, not listed: a storm of rejections must not grow the timeline without end.
        var timeline = incident.Timeline;
        var last = timeline.Count - 1;
        var target = timeline[last].Kind == IncidentEventKind.AlertJoined && timeline[last].Text == JoinText(title)
            ? last
            : timeline.Count >= MaxTimelineEvents ? LastIndexOf(timeline, IncidentEventKind.AlertJoined) : -1;
        if (target < 0)
            return Apply(joined, new IncidentEvent(now, IncidentEventKind.AlertJoined, System, JoinText(title)));
        var counted = timeline[target] with { Time = now, Text = JoinText(title), Count = timeline[target].Count + 1 };
        var replaced = timeline.ToList();
        replaced[target] = counted;
        var next = joined with { Timeline = replaced };
        _incidents[next.Id] = next;
        return new IncidentDecision.Changed(next, counted, target);
    }

    private static string JoinText(string title) => $"Alert: {title}";

    private static int LastIndexOf(IReadOnlyList<IncidentEvent> timeline, IncidentEventKind kind)
    {
        for (var i = timeline.Count - 1; i >= 0; i--)
        {
            if (timeline[i].Kind == kind)
                return i;
        }
        return -1;
    }

    private IncidentDecision.Changed Apply(Incident incident, IncidentEvent e)
    {
        var next = incident with { Timeline = [.. incident.Timeline, e] };
        _incidents[next.Id] = next;
        return new IncidentDecision.Changed(next, e, next.Timeline.Count - 1);
    }

    private IncidentDecision.Refused Unknown(string? id)
    {
        var open = Unresolved.Select(i => i.Id).ToList();
        var list = open.Count == 0 ? "There are no unresolved incidents." : $"Unresolved: {string.Join(", ", open)} (/incidents).";
        return new IncidentDecision.Refused("incident.unknown", $"No incident '{id}'. {list}");
    }

    private string NextStepText(Incident incident) =>
        NextStep(incident) is { } step ? $" Next: {step.Question} ({string.Join(" / ", step.Choices.Select(c => c.Key))})" : string.Empty;

    private static string When(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("'at 'yyyy-MM-dd HH:mm' UTC'", CultureInfo.InvariantCulture) : "earlier";
}
