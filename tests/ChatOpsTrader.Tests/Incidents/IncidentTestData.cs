using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Tests.Incidents;

internal static class IncidentTestData
{
    /// <summary>Wednesday 2026-11-18 10:00 in New York (15:00 UTC).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    public static Alert Alert(string key, Severity severity, string title, string text = "the facts") =>
        new(Guid.NewGuid().ToString("N"), T0, severity, key, title, text, "first action");

    /// <summary>One alert per incident type, keyed and worded as the engine (or the host) raises it, and the incident severity expected.</summary>
    public static readonly IReadOnlyDictionary<IncidentType, (Alert Alert, Severity Expected)> ByType = new Dictionary<IncidentType, (Alert, Severity)>
    {
        [IncidentType.ConnectionLoss] = (Alert("broker-connection", Severity.Sev2, "Broker connection lost", "TWS: code 1100 connectivity lost"), Severity.Sev2),
        [IncidentType.KillSwitch] = (Alert("kill-switch", Severity.Sev1, "Trading HALTED (Manual)", "By telegram:42: going to lunch"), Severity.Sev1),
        [IncidentType.UnknownPosition] = (Alert("unknown-position:TSLA", Severity.Sev1, "Unknown position TSLA: possible unauthorized access"), Severity.Sev1),
        [IncidentType.OrderRejectedPreflight] = (Alert("reject:AAPL", Severity.Sev3, "Order rejected: AAPL (max-position)", "momentum: 12 > 10 contracts"), Severity.Sev3),
        [IncidentType.OrderRejectedBroker] = (Alert("reject:AAPL", Severity.Sev3, "Order rejected: AAPL (broker-rejected)", "momentum: broker rejected order 5 (code 201): insufficient margin"), Severity.Sev3),
        [IncidentType.PositionMismatch] = (Alert("reconciliation", Severity.Sev2, "Reconciliation found differences"), Severity.Sev2),
        [IncidentType.RunawayOrders] = (Alert("runaway", Severity.Sev1, "Runaway orders: trading halted"), Severity.Sev1),
        [IncidentType.DataFeedFailure] = (Alert("data-feed:AAPL", Severity.Sev2, "No quotes for AAPL for 30 s"), Severity.Sev2),
        [IncidentType.BotCrash] = (Alert("crash", Severity.Sev1, "The bot crashed"), Severity.Sev1),
        [IncidentType.MarginPressure] = (Alert("margin", Severity.Sev2, "Margin cushion low: 8%"), Severity.Sev2),
        [IncidentType.StrategyLossLimit] = (Alert("loss-breach:strategy:momentum", Severity.Sev2, "Strategy paused: momentum hit its daily loss limit"), Severity.Sev2),
        [IncidentType.GlobalLossLimit] = (Alert("loss-breach:Daily", Severity.Sev1, "Daily loss limit breached: Halt"), Severity.Sev1),
        [IncidentType.DrawdownBreaker] = (Alert("drawdown", Severity.Sev1, "Drawdown breaker tripped: trading halted"), Severity.Sev1),
        [IncidentType.NoSignals] = (Alert("no-signals", Severity.Sev4, "No signals for 3 hours"), Severity.Sev3),
        [IncidentType.SlippageTooHigh] = (Alert("slippage:AAPL", Severity.Sev3, "Slippage 0.8% on AAPL"), Severity.Sev3),
        [IncidentType.PositionStuck] = (Alert("hold-time:AAPL", Severity.Sev3, "AAPL held 6 days, limit 5"), Severity.Sev3),
        [IncidentType.NotificationFailure] = (Alert("alert-channel-down:telegram", Severity.Sev2, "Alert channel down: telegram"), Severity.Sev2),
        [IncidentType.DatabaseCorruption] = (Alert("database", Severity.Sev1, "Journal write failed: new risk refused"), Severity.Sev1),
        [IncidentType.BackupFailure] = (Alert("backup", Severity.Sev4, "Nightly backup failed"), Severity.Sev4),
        [IncidentType.HighRejectRate] = (Alert("reject-rate", Severity.Sev2, "14% of orders rejected in the last hour"), Severity.Sev2),
        [IncidentType.ReconciliationBreak] = (Alert("reconciliation", Severity.Sev1, "Reconciliation found differences", "AAPL: system 100, broker 80 ($3,800)"), Severity.Sev1),
        [IncidentType.OrderWhileHalted] = (Alert("watchdog:17", Severity.Sev1, "Order placed while halted was cancelled: AAPL"), Severity.Sev1),
        [IncidentType.UnauthorizedAccess] = (Alert("unauthorized:telegram:99", Severity.Sev2, "Unauthorized command attempts"), Severity.Sev2),
    };

    public static TheoryData<IncidentType> Types()
    {
        var data = new TheoryData<IncidentType>();
        foreach (var type in Enum.GetValues<IncidentType>())
            data.Add(type);
        return data;
    }
}
