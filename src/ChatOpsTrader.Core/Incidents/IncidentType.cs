namespace ChatOpsTrader.Core.Incidents;

/// <summary>
/// The incidents of the runbooks (the seeds), each with its decision tree in <see cref="RunbookCatalogue"/>.
/// </summary>
public enum IncidentType
{
    /// <summary>Connection to TWS / IB Gateway lost (seeds 000 §1, 001, 002 P1-1, 003 §2).</summary>
    ConnectionLoss,

    /// <summary>Kill switch activated: trading halted (seeds 000 §2, 003 §1).</summary>
    KillSwitch,

    /// <summary>A position at the broker that the system did not open (seeds 000 §3, 002 P1-4, 003 §4).</summary>
    UnknownPosition,

    /// <summary>Order refused by our pre-flight checks (seed 000 §4).</summary>
    OrderRejectedPreflight,

    /// <summary>Order refused by the broker (seeds 000 §4, 001, 002 P1-3).</summary>
    OrderRejectedBroker,

    /// <summary>The system's positions differ from the broker's (seed 000 §5).</summary>
    PositionMismatch,

    /// <summary>Orders placed faster than expected or duplicated (seeds 000 §6, 002 P0-3).</summary>
    RunawayOrders,

    /// <summary>Quotes stopped or stale (seeds 000 §7, 003 §3, 004).</summary>
    DataFeedFailure,

    /// <summary>The bot crashed or stopped unexpectedly (seeds 001, 002 P0-2).</summary>
    BotCrash,

    /// <summary>Margin cushion low, margin call or liquidation risk (seeds 001, 002, 003).</summary>
    MarginPressure,

    /// <summary>A strategy hit its daily loss limit and was paused (seed 001).</summary>
    StrategyLossLimit,

    /// <summary>The account's daily or weekly loss limit was reached (seed 001).</summary>
    GlobalLossLimit,

    /// <summary>The drawdown circuit breaker tripped (seeds 002 P1-2, 004).</summary>
    DrawdownBreaker,

    /// <summary>No signals or orders for much longer than usual (seeds 001, 004).</summary>
    NoSignals,

    /// <summary>Execution slippage above its limit (seed 001).</summary>
    SlippageTooHigh,

    /// <summary>A position held past its time limit, not exiting (seed 001).</summary>
    PositionStuck,

    /// <summary>An alert channel (Telegram, Discord) does not deliver (seeds 001, 002 P2-2).</summary>
    NotificationFailure,

    /// <summary>The journal database is corrupt or cannot be written (seeds 002 P0-1, 003, 004).</summary>
    DatabaseCorruption,

    /// <summary>The nightly backup failed (seed 002 P3-3).</summary>
    BackupFailure,

    /// <summary>Rejections above their share of orders (seeds 003: more than 10%, 004).</summary>
    HighRejectRate,

    /// <summary>Reconciliation found breaks worth more than the threshold (seed 004: over $1K is SEV-1).</summary>
    ReconciliationBreak,

    /// <summary>Orders placed at the broker while trading is halted (the watchdog cancelled them).</summary>
    OrderWhileHalted,

    /// <summary>Repeated commands from people who are not allowed (seed 000 §3: escalate possible unauthorized access).</summary>
    UnauthorizedAccess,
}
