namespace ChatOpsTrader.Core.Incidents;

/// <summary>Where an incident stands.</summary>
public enum IncidentStatus
{
    /// <summary>Nobody has acknowledged it yet.</summary>
    Open,

    /// <summary>Someone is on it.</summary>
    Acknowledged,

    /// <summary>Over, with a note saying how it was resolved. New alerts of its kind open a new incident.</summary>
    Resolved,
}
