namespace ChatOpsTrader.Core.Incidents;

/// <summary>The outcome of asking the <see cref="IncidentBook"/> for a change: the change to journal, or a refusal.</summary>
public abstract record IncidentDecision
{
    private IncidentDecision()
    {
    }

    /// <summary>The change happened: journal <see cref="Incident"/> (the whole new state) and <see cref="Event"/>.</summary>
    /// <param name="Incident">The incident after the change.</param>
    /// <param name="Event">The timeline event of the change.</param>
    /// <param name="EventIndex">
    /// Its position in <see cref="Incident.Timeline"/>. Repeated alerts are counted in one event, so an
    /// <see cref="IncidentEventKind.AlertJoined"/> may replace the event at that position instead of appending.
    /// </param>
    public sealed record Changed(Incident Incident, IncidentEvent Event, int EventIndex) : IncidentDecision;

    /// <summary>Refused: nothing changed.</summary>
    /// <param name="Rule">Which rule refused it (e.g. <c>incident.already-resolved</c>).</param>
    /// <param name="Message">What a person reads: why, and what to do instead.</param>
    public sealed record Refused(string Rule, string Message) : IncidentDecision;
}
