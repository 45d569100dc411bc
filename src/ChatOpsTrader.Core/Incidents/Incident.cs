using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Incidents;

/// <summary>
/// Something that went wrong, from the first alert to its resolution, with everything that happened in between.
/// Immutable: <see cref="IncidentBook"/> returns a new one with every change.
/// </summary>
/// <param name="Id">Short and typeable: <c>INC-0007</c>.</param>
/// <param name="Type">Which runbook applies.</param>
/// <param name="Key">What it is about (the alert key it was opened from, e.g. <c>reject:AAPL</c>); alerts with the same type and key join it while it is not resolved.</param>
/// <param name="Severity">The worst of the runbook's severity and the alerts' severities.</param>
/// <param name="Status">Open, acknowledged or resolved.</param>
/// <param name="Title">One line, from the first alert.</param>
/// <param name="Detail">The facts of the first alert.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Timeline">Everything that happened, oldest first.</param>
public sealed record Incident(
    string Id,
    IncidentType Type,
    string Key,
    Severity Severity,
    IncidentStatus Status,
    string Title,
    string Detail,
    DateTimeOffset OpenedAt,
    IReadOnlyList<IncidentEvent> Timeline)
{
    /// <summary>Who opened it: <c>system</c> for an alert, or a person.</summary>
    public string OpenedBy { get; init; } = "system";

    /// <summary>When someone acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>When it was resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Who resolved it.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>How it was resolved, in the resolver's words.</summary>
    public string? ResolutionNote { get; init; }

    /// <summary>How many alerts belong to it (the opening one included).</summary>
    public int AlertCount { get; init; } = 1;

    /// <summary>True once resolved.</summary>
    public bool IsResolved => Status == IncidentStatus.Resolved;

    /// <summary>From opening to resolution, or to <paramref name="now"/> while it lasts.</summary>
    public TimeSpan Duration(DateTimeOffset now) => (ResolvedAt ?? now) - OpenedAt;

    /// <summary>The runbook answers recorded so far, oldest first.</summary>
    public IReadOnlyList<IncidentEvent> Choices => [.. Timeline.Where(e => e.Kind == IncidentEventKind.ChoiceRecorded)];

    /// <summary>The notes added so far, oldest first.</summary>
    public IReadOnlyList<IncidentEvent> Notes => [.. Timeline.Where(e => e.Kind == IncidentEventKind.NoteAdded)];
}
