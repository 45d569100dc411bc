namespace ChatOpsTrader.Core.Incidents;

/// <summary>One line of an incident's timeline.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Actor">Who: a person (<c>telegram:42</c>) or <c>system</c>.</param>
/// <param name="Text">In words, for the timeline and the postmortem.</param>
/// <param name="Count">How many alerts a <see cref="IncidentEventKind.AlertJoined"/> event stands for (1 otherwise).</param>
public sealed record IncidentEvent(DateTimeOffset Time, IncidentEventKind Kind, string Actor, string Text, int Count = 1)
{
    /// <summary>For <see cref="IncidentEventKind.ChoiceRecorded"/>: the step's key.</summary>
    public string? Step { get; init; }

    /// <summary>For <see cref="IncidentEventKind.ChoiceRecorded"/>: the choice's key.</summary>
    public string? Choice { get; init; }
}
