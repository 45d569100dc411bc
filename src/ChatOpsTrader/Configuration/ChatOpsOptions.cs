using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Host.Configuration;

/// <summary><c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>SQLite journal path. Default <c>data/chatops.db</c>.</summary>
    public string Path { get; set; } = "data/chatops.db";
}

/// <summary><c>Web</c> section.</summary>
public sealed class WebOptions
{
    /// <summary>Where the dashboard and API listen. Default <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Bearer token; generated into <c>data/web-token</c> when unset. Secret: environment only.</summary>
    public string? Token { get; set; }

    /// <summary>Largest accepted request body in bytes. Default 64 KiB.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}

/// <summary><c>Broker</c> section.</summary>
public sealed class BrokerOptions
{
    /// <summary>
    /// <c>Simulator</c> (default: the embedded TWS-protocol simulator, reached through our TWS client over loopback),
    /// <c>Tws</c> (TWS or IB Gateway at <c>Tws:Host</c>/<c>Tws:Port</c>), or <c>Paper</c> (the paper exchange called
    /// in-process, without the TWS protocol).
    /// </summary>
    public string Kind { get; set; } = "Simulator";

    /// <summary>The accepted values of <see cref="Kind"/>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["Simulator", "Tws", "Paper"];

    /// <summary>The symbols used when none are configured.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = ["AAPL", "MSFT", "NVDA", "SPY", "TSLA"];

    /// <summary>
    /// Symbols to trade and stream quotes for (default <see cref="DefaultSymbols"/>). Starts empty: the configuration
    /// binder appends to a list, so defaults are applied after binding.
    /// </summary>
    public List<string> Symbols { get; set; } = [];
}

/// <summary><c>Paper</c> section: the embedded paper exchange.</summary>
public sealed class PaperOptions
{
    /// <summary>Probability that the exchange rejects an order (insufficient margin, price outside limits…). Default 0.03.</summary>
    public double RejectProbability { get; set; } = 0.03;

    /// <summary>Probability that an order of more than one share fills in several parts. Default 0.3.</summary>
    public double PartialFillProbability { get; set; } = 0.3;

    /// <summary>Milliseconds between quote ticks. Default 250.</summary>
    public int TickIntervalMilliseconds { get; set; } = 250;
}

/// <summary><c>Alerts</c> section: how alerts reach people.</summary>
public sealed class AlertsOptions
{
    /// <summary>Seconds during which repeats of one alert key are folded into one aggregated alert. Default 120.</summary>
    public int DedupWindowSeconds { get; set; } = 120;

    /// <summary>Quiet hours for the chat channels in exchange time, e.g. <c>22:00-07:00</c> (SEV1 ignores them). Off when empty.</summary>
    public string? QuietHours { get; set; }

    /// <summary>Minutes after which an unacknowledged SEV1 is repeated (then sent everywhere after twice that). Default 5.</summary>
    public int EscalateAfterMinutes { get; set; } = 5;

    /// <summary>Alerts per minute per chat channel before the rest are held and sent as a digest (SEV1 may borrow). Default 20.</summary>
    public int RatePerMinute { get; set; } = 20;

    /// <summary>Failed deliveries in a row after which a chat channel counts as down (its SEV1/SEV2 go elsewhere).</summary>
    public int FailuresBeforeDown { get; set; } = 3;

    /// <summary>How often a down channel is sent a check message, seconds.</summary>
    public int ProbeIntervalSeconds { get; set; } = 60;
}

/// <summary><c>Monitoring</c> section.</summary>
public sealed class MonitoringOptions
{
    /// <summary>A URL pinged (GET) every interval while the bot is healthy, so an outside monitor notices when it is gone. Off when empty.</summary>
    public string? HeartbeatUrl { get; set; }

    /// <summary>Seconds between heartbeats. Default 60.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 60;
}

/// <summary><c>Backup</c> section.</summary>
public sealed class BackupOptions
{
    /// <summary>Local exchange time of the nightly backup. Default 02:00.</summary>
    public string Time { get; set; } = "02:00";

    /// <summary>How many backups to keep. Default 7.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Folder of the backups. Default <c>backups</c> beside the journal.</summary>
    public string? Directory { get; set; }
}

/// <summary><c>Demo</c> section: the demo strategy on the embedded paper broker.</summary>
public sealed class DemoOptions
{
    /// <summary>True (default with the simulator) to run the demo strategy.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between the demo strategy's decisions. Default 3.</summary>
    public double IntervalSeconds { get; set; } = 3;
}

/// <summary><c>Schedule</c> section.</summary>
public sealed class ScheduleOptions
{
    /// <summary>IANA time zone of the exchange. Default America/New_York.</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Local time of the daily reset (start of the trading day). Default 04:00.</summary>
    public string DailyResetTime { get; set; } = "04:00";

    /// <summary>Local exchange time of the daily summary, on trading days. Default 16:15 (after the close).</summary>
    public string DailySummaryTime { get; set; } = "16:15";

    /// <summary>Minutes between scheduled reconciliations. Default 5.</summary>
    public int ReconcileIntervalMinutes { get; set; } = 5;

    /// <summary>Exchange holidays (yyyy-MM-dd).</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Regular session open, local exchange time (HH:mm).</summary>
    public string MarketOpen { get; set; } = "09:30";

    /// <summary>Regular session close, local exchange time (HH:mm).</summary>
    public string MarketClose { get; set; } = "16:00";

    /// <summary>Treat every minute of every day as market hours (for the simulator and drills on a weekend).</summary>
    public bool AlwaysOpen { get; set; }
}

/// <summary><c>Resume</c> section: the resume policy.</summary>
public sealed class ResumeOptions
{
    /// <summary>Minimum minutes a halt stays before it may be lifted without an override. Default 30.</summary>
    public double MinimumHaltMinutes { get; set; } = 30;

    /// <summary>Forbid lifting a halt the same trading day without an override. Default true.</summary>
    public bool BlockSameTradingDay { get; set; } = true;

    /// <summary>Minutes in Restricted before Cautious. Default 15.</summary>
    public double RestrictedMinutes { get; set; } = 15;

    /// <summary>Minutes in Cautious before Active. Default 30.</summary>
    public double CautiousMinutes { get; set; } = 30;
}

/// <summary>One configured user: a numeric id and a role.</summary>
public sealed class UserOptions
{
    /// <summary>Numeric user id on the transport (never a username).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary><c>viewer</c>, <c>operator</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "viewer";
}

/// <summary>One strategy API key for <c>POST /api/orders</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key (secret: environment only).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Strategy name the key's orders are attributed to.</summary>
    public string Strategy { get; set; } = "api";
}

/// <summary>Risk limits bound from the <c>Risk</c> section (see <see cref="RiskLimits"/> for meanings and defaults).</summary>
public sealed class RiskOptions
{
    public decimal MaxPositionPerSymbol { get; set; } = RiskLimits.Default.MaxPositionPerSymbol;
    public decimal MaxOrderNotional { get; set; } = RiskLimits.Default.MaxOrderNotional;
    public decimal PriceCollarPercent { get; set; } = RiskLimits.Default.PriceCollarPercent;
    public double MinOrderIntervalSeconds { get; set; } = RiskLimits.Default.MinOrderInterval.TotalSeconds;
    public int MaxOrdersPerDay { get; set; } = RiskLimits.Default.MaxOrdersPerDay;
    public List<string> BlockedSymbols { get; set; } = [];
    public double DuplicateWindowSeconds { get; set; } = RiskLimits.Default.DuplicateWindow.TotalSeconds;
    public int MaxWorkingOrders { get; set; } = RiskLimits.Default.MaxWorkingOrders;
    public double QuoteMaxAgeSeconds { get; set; } = RiskLimits.Default.QuoteMaxAge.TotalSeconds;
    public decimal DailyLossLimit { get; set; } = RiskLimits.Default.DailyLossLimit;
    public decimal WeeklyLossLimit { get; set; } = RiskLimits.Default.WeeklyLossLimit;
    public decimal StrategyDailyLossLimit { get; set; } = RiskLimits.Default.StrategyDailyLossLimit;
    public string LossBreachAction { get; set; } = RiskLimits.Default.LossBreachAction.ToString();
    public decimal MaxDrawdown { get; set; } = RiskLimits.Default.MaxDrawdown;
    public double RunawayWindowSeconds { get; set; } = RiskLimits.Default.RunawayWindow.TotalSeconds;
    public int RunawayMaxOrders { get; set; } = RiskLimits.Default.RunawayMaxOrders;
    public int RunawayMaxMessages { get; set; } = RiskLimits.Default.RunawayMaxMessages;
    public int RunawayIdenticalOrders { get; set; } = RiskLimits.Default.RunawayIdenticalOrders;
    public double DataFeedStaleSeconds { get; set; } = 60;
    public double MaxHoldHours { get; set; }
    public double NoSignalMinutes { get; set; }
    public decimal MarginCushionWarnPercent { get; set; } = 10;
    public decimal MarginCushionCriticalPercent { get; set; } = 5;
    public decimal MarginCushionHysteresisPercent { get; set; } = 2;
    public decimal MaxSlippageBps { get; set; } = 50;
}
