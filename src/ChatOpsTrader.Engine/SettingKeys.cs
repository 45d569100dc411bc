namespace ChatOpsTrader.Engine;

/// <summary>Keys of the engine's small persisted settings (table <c>settings</c>).</summary>
public static class SettingKeys
{
    public const string Activity = "risk.activity";
    public const string LossLimits = "risk.loss-limits";
    public const string Drawdown = "risk.drawdown";
    public const string Paused = "strategies.paused";
    public const string LimitOverrides = "risk.limit-overrides";
    public const string RunMarker = "run.marker";
    public const string LastException = "run.last-exception";
    public const string LastDailyReset = "schedule.last-daily-reset";
    public const string LastWeeklyReset = "schedule.last-weekly-reset";
}
