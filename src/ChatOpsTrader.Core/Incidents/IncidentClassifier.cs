using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Core.Incidents;

/// <summary>
/// Which incident an alert belongs to, from its key (see <see cref="AlertKeys"/>) and, where one key covers two
/// incidents, its title or severity. Warnings, recoveries and notices are no incidents of their own.
/// </summary>
public static class IncidentClassifier
{
    /// <summary>The incident type of an alert, or null when it is not an incident (it may still join one's timeline).</summary>
    public static IncidentType? Classify(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.IncidentType is { } explicitType)
            return explicitType;
        var key = alert.Key;
        if (Is(key, AlertKeys.KillSwitch))
            return IncidentType.KillSwitch;
        if (Is(key, AlertKeys.Runaway))
            return IncidentType.RunawayOrders;
        if (Is(key, AlertKeys.Drawdown))
            return IncidentType.DrawdownBreaker;
        if (key.StartsWith(AlertKeys.StrategyLossBreachPrefix, StringComparison.Ordinal))
            return IncidentType.StrategyLossLimit;
        if (key.StartsWith(AlertKeys.LossBreachPrefix, StringComparison.Ordinal))
            return IncidentType.GlobalLossLimit;
        if (key.StartsWith(AlertKeys.RejectPrefix, StringComparison.Ordinal))
            return alert.Title.Contains("(broker", StringComparison.OrdinalIgnoreCase) ? IncidentType.OrderRejectedBroker : IncidentType.OrderRejectedPreflight;
        if (key.StartsWith(AlertKeys.UnknownPositionPrefix, StringComparison.Ordinal))
            return IncidentType.UnknownPosition;
        if (Is(key, AlertKeys.Reconciliation))
            return alert.Severity == Severity.Sev1 ? IncidentType.ReconciliationBreak : IncidentType.PositionMismatch; // seeds: breaks > $1K are SEV1
        if (key.StartsWith(AlertKeys.WatchdogPrefix, StringComparison.Ordinal) || Is(key, AlertKeys.HaltedRestart))
            return IncidentType.OrderWhileHalted;
        if (key.StartsWith(AlertKeys.UnauthorizedPrefix, StringComparison.Ordinal))
            return IncidentType.UnauthorizedAccess;
        if (key.StartsWith(AlertKeys.AlertChannelDownPrefix, StringComparison.Ordinal))
            return IncidentType.NotificationFailure;
        return Simple(key, alert);
    }

    /// <summary>
    /// The key incidents are joined by: the alert key, except that every order cancelled while halted joins one
    /// incident (<c>watchdog</c>) and a channel's down and restored alerts share <c>alert-channel:{name}</c>.
    /// </summary>
    public static string IncidentKey(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = alert.Key;
        if (key.StartsWith(AlertKeys.WatchdogPrefix, StringComparison.Ordinal) || Is(key, AlertKeys.HaltedRestart))
            return "watchdog";
        if (key.StartsWith(AlertKeys.AlertChannelDownPrefix, StringComparison.Ordinal))
            return "alert-channel:" + key[AlertKeys.AlertChannelDownPrefix.Length..];
        if (key == AlertKeys.BrokerConnection + ":restored")
            return AlertKeys.BrokerConnection; // the good news joins the outage's incident
        if (key.StartsWith(AlertKeys.AlertChannelRestoredPrefix, StringComparison.Ordinal))
            return "alert-channel:" + key[AlertKeys.AlertChannelRestoredPrefix.Length..];
        return key;
    }

    private static IncidentType? Simple(string key, Alert alert)
    {
        // A recovery ("Broker connection restored", "Data feed recovered") joins the open incident; it opens none.
        if (IsRecovery(alert))
            return null;
        if (Is(key, AlertKeys.BrokerConnection))
            return IncidentType.ConnectionLoss;
        if (Is(key, AlertKeys.DataFeed))
            return IncidentType.DataFeedFailure;
        if (Is(key, AlertKeys.Database))
            return IncidentType.DatabaseCorruption;
        if (Is(key, AlertKeys.Crash))
            return IncidentType.BotCrash;
        if (Is(key, AlertKeys.Margin))
            return IncidentType.MarginPressure;
        if (Is(key, AlertKeys.NoSignals))
            return IncidentType.NoSignals;
        if (Is(key, AlertKeys.Slippage))
            return IncidentType.SlippageTooHigh;
        if (Is(key, AlertKeys.HoldTime))
            return IncidentType.PositionStuck;
        if (Is(key, AlertKeys.Backup))
            return IncidentType.BackupFailure;
        return Is(key, AlertKeys.RejectRate) ? IncidentType.HighRejectRate : null;
    }

    private static bool IsRecovery(Alert alert) =>
        alert.Title.Contains("restored", StringComparison.OrdinalIgnoreCase)
        || alert.Title.Contains("recovered", StringComparison.OrdinalIgnoreCase);

    /// <summary>The key is the name itself or the name followed by <c>:</c> and a qualifier.</summary>
    private static bool Is(string key, string name) =>
        key.StartsWith(name, StringComparison.Ordinal) && (key.Length == name.Length || key[name.Length] == ':');
}
