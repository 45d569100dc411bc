namespace ChatOpsTrader.Core.Incidents;

/// <summary>What happened on an incident's timeline.</summary>
public enum IncidentEventKind
{
    /// <summary>The incident was opened (by an alert, or directly).</summary>
    Opened,

    /// <summary>Another alert of the same incident arrived (consecutive ones are counted in one event).</summary>
    AlertJoined,

    /// <summary>A more severe alert raised the incident's severity.</summary>
    SeverityRaised,

    /// <summary>Someone acknowledged it.</summary>
    Acknowledged,

    /// <summary>Someone answered a runbook step.</summary>
    ChoiceRecorded,

    /// <summary>Someone added a note (findings, lessons learned).</summary>
    NoteAdded,

    /// <summary>Someone resolved it, with a note.</summary>
    Resolved,
}
