namespace ChatOpsTrader.Core.Alerts;

/// <summary>Alert severity, with the seeds' response times.</summary>
public enum Severity
{
    /// <summary>Capital at immediate risk or trading halted: respond at once.</summary>
    Sev1 = 1,

    /// <summary>Degraded trading or elevated risk: respond within 15 minutes.</summary>
    Sev2 = 2,

    /// <summary>Degraded monitoring or a rejected order: respond within an hour.</summary>
    Sev3 = 3,

    /// <summary>Informational: next business day.</summary>
    Sev4 = 4,
}
