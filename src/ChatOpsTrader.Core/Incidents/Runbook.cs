using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Incidents;

/// <summary>What to do about one kind of incident, from the seeds' runbooks, in ChatOpsTrader's commands.</summary>
/// <param name="Type">The kind of incident.</param>
/// <param name="Title">Its name, e.g. "Kill switch activated".</param>
/// <param name="Severity">The seeds' severity for it.</param>
/// <param name="FirstAction">The very first thing to do, in plain words.</param>
/// <param name="Steps">The decision tree, step by step; each answer says what to do.</param>
public sealed record Runbook(IncidentType Type, string Title, Severity Severity, string FirstAction, IReadOnlyList<RunbookStep> Steps)
{
    /// <summary>The command that goes with the first action, if any (<c>/status</c>).</summary>
    public string? FirstCommand { get; init; }

    /// <summary>What the incident does to trading, for the postmortem's Impact line.</summary>
    public string Impact { get; init; } = string.Empty;

    /// <summary>The seeds' post-incident tasks: the postmortem's action items.</summary>
    public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>Where in the seeds it comes from.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The step with this key (case-insensitive), or null.</summary>
    public RunbookStep? FindStep(string? key) =>
        Steps.FirstOrDefault(s => string.Equals(s.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase));
}
