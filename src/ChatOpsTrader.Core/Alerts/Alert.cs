using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Core.Alerts;

/// <summary>Something a person must be told.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Time">When the event happened (late deliveries carry this original time).</param>
/// <param name="Severity">SEV1 to SEV4.</param>
/// <param name="Key">Dedup key, e.g. <c>reject:AAPL</c> (see <see cref="AlertKeys"/>).</param>
/// <param name="Title">One line.</param>
/// <param name="Text">The facts: numbers, symbols, order ids, broker codes in plain language.</param>
/// <param name="FirstAction">The runbook's first action.</param>
public sealed record Alert(string Id, DateTimeOffset Time, Severity Severity, string Key, string Title, string Text, string FirstAction)
{
    /// <summary>
    /// The kind of incident this alert belongs to, when the raiser knows it; otherwise
    /// <see cref="IncidentClassifier.Classify"/> derives it from <see cref="Key"/> and <see cref="Title"/>.
    /// </summary>
    public IncidentType? IncidentType { get; init; }

    /// <summary>
    /// The incident (e.g. <c>INC-0007</c>) the alert was joined to, set by the engine after
    /// <see cref="IncidentBook.Observe"/>; escalations then tell the person what to acknowledge.
    /// </summary>
    public string? IncidentId { get; init; }
}
