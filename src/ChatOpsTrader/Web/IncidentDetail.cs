using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Engine;

namespace ChatOpsTrader.Host.Web;

/// <summary>One incident with its runbook's next step; each choice carries the command that records it.</summary>
public sealed record IncidentDetail(
    string Id,
    string Severity,
    string Status,
    string Type,
    string Title,
    string Detail,
    DateTimeOffset OpenedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolutionNote,
    int AlertCount,
    string FirstAction,
    string? FirstCommand,
    IncidentStep? NextStep,
    IReadOnlyList<IncidentTimelineEntry> Timeline)
{
    /// <summary>Timeline entries shown (the latest ones).</summary>
    public const int TimelineLength = 15;

    /// <summary>Builds the detail; the next step comes from the engine's runbooks.</summary>
    public static IncidentDetail From(Incident i, TradingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(engine);
        var runbook = engine.Runbooks[i.Type];
        var next = i.IsResolved ? null : engine.NextStep(i);
        return new IncidentDetail(
            i.Id,
            i.Severity.ToString().ToUpperInvariant(),
            i.Status.ToString(),
            i.Type.ToString(),
            i.Title,
            i.Detail,
            i.OpenedAt,
            i.AcknowledgedBy,
            i.ResolvedAt,
            i.ResolvedBy,
            i.ResolutionNote,
            i.AlertCount,
            runbook.FirstAction,
            runbook.FirstCommand,
            next is null ? null : new IncidentStep(next.Key, next.Question,
                [.. next.Choices.Select(c => new IncidentChoice(c.Key, c.Label, c.Action, c.Command, $"/choose {i.Id} {next.Key} {c.Key}"))]),
            [.. i.Timeline.TakeLast(TimelineLength).Select(e => new IncidentTimelineEntry(e.Time, e.Kind.ToString(), e.Actor, e.Text, e.Count))]);
    }
}

/// <summary>A runbook step waiting for an answer.</summary>
/// <param name="Key">The step's key.</param>
/// <param name="Question">What to decide.</param>
/// <param name="Choices">The answers.</param>
public sealed record IncidentStep(string Key, string Question, IReadOnlyList<IncidentChoice> Choices);

/// <summary>One answer to a runbook step.</summary>
/// <param name="Key">The choice's key.</param>
/// <param name="Label">Its label.</param>
/// <param name="Action">What to do when chosen.</param>
/// <param name="Command">The command that does it, when there is one (e.g. <c>/flatten</c>).</param>
/// <param name="Choose">The command that records the choice (<c>/choose id step choice</c>), for <c>POST /api/commands</c>.</param>
public sealed record IncidentChoice(string Key, string Label, string Action, string? Command, string Choose);

/// <summary>One timeline entry.</summary>
public sealed record IncidentTimelineEntry(DateTimeOffset Time, string Kind, string Actor, string Text, int Count);
