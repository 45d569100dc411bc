namespace ChatOpsTrader.Core.Alerts;

/// <summary>
/// Dedup keys of the alerts the engine, the host and the <see cref="AlertPolicy"/> raise. A key names one thing
/// that can go wrong; alerts with the same key are folded together and join the same incident.
/// </summary>
public static class AlertKeys
{
    /// <summary>Trading halted (kill switch, any trigger).</summary>
    public const string KillSwitch = "kill-switch";

    /// <summary>Runaway orders halted trading.</summary>
    public const string Runaway = "runaway";

    /// <summary>The drawdown circuit breaker tripped.</summary>
    public const string Drawdown = "drawdown";

    /// <summary>Prefix of loss-limit warnings (50% / 80%): <c>loss-warning:{scope}:{strategy}</c>.</summary>
    public const string LossWarningPrefix = "loss-warning:";

    /// <summary>Prefix of loss-limit breaches: <c>loss-breach:Daily</c>, <c>loss-breach:Weekly</c>, <c>loss-breach:strategy:{name}</c>.</summary>
    public const string LossBreachPrefix = "loss-breach:";

    /// <summary>Prefix of a strategy's daily loss-limit breach.</summary>
    public const string StrategyLossBreachPrefix = "loss-breach:strategy:";

    /// <summary>Prefix of order rejections: <c>reject:{symbol}</c>.</summary>
    public const string RejectPrefix = "reject:";

    /// <summary>Prefix of an unknown position at the broker: <c>unknown-position:{symbol}</c>.</summary>
    public const string UnknownPositionPrefix = "unknown-position:";

    /// <summary>Reconciliation found differences.</summary>
    public const string Reconciliation = "reconciliation";

    /// <summary>Broker connection lost or restored.</summary>
    public const string BrokerConnection = "broker-connection";

    /// <summary>Prefix of an order placed while halted that the watchdog cancelled: <c>watchdog:{orderId}</c>.</summary>
    public const string WatchdogPrefix = "watchdog:";

    /// <summary>Working orders found and cancelled at a restart while halted.</summary>
    public const string HaltedRestart = "halted-restart";

    /// <summary>The journal (SQLite) could not be written or read.</summary>
    public const string Database = "database";

    /// <summary>Prefix of repeated command attempts by unknown users: <c>unauthorized:{transport}:{id}</c>.</summary>
    public const string UnauthorizedPrefix = "unauthorized:";

    /// <summary>Prefix of stale or missing market data: <c>data-feed:{symbol}</c> (or just <c>data-feed</c>).</summary>
    public const string DataFeed = "data-feed";

    /// <summary>The bot crashed (found at the next start, or an unhandled exception on the way down).</summary>
    public const string Crash = "crash";

    /// <summary>Margin cushion low, margin call or liquidation warning.</summary>
    public const string Margin = "margin";

    /// <summary>No signals or orders for longer than expected during market hours.</summary>
    public const string NoSignals = "no-signals";

    /// <summary>Prefix of execution slippage above its limit: <c>slippage:{symbol}</c>.</summary>
    public const string Slippage = "slippage";

    /// <summary>Prefix of a position held past its time limit: <c>hold-time:{symbol}</c>.</summary>
    public const string HoldTime = "hold-time";

    /// <summary>The nightly backup or its integrity check failed.</summary>
    public const string Backup = "backup";

    /// <summary>Rejections above their share of orders (seeds: more than 10%).</summary>
    public const string RejectRate = "reject-rate";

    /// <summary>Prefix of an alert channel counted as down: <c>alert-channel-down:{channel}</c>.</summary>
    public const string AlertChannelDownPrefix = "alert-channel-down:";

    /// <summary>Prefix of an alert channel working again: <c>alert-channel-restored:{channel}</c>.</summary>
    public const string AlertChannelRestoredPrefix = "alert-channel-restored:";

    /// <summary>Prefix of the check message sent to a down channel: <c>alert-channel-probe:{channel}</c>.</summary>
    public const string AlertChannelProbePrefix = "alert-channel-probe:";

    /// <summary>Key of a digest: held alerts of several keys sent as one message.</summary>
    public const string Digest = "digest";

    /// <summary><c>reject:{symbol}</c>.</summary>
    public static string Reject(string symbol) => RejectPrefix + symbol;

    /// <summary><c>unknown-position:{symbol}</c>.</summary>
    public static string UnknownPosition(string symbol) => UnknownPositionPrefix + symbol;

    /// <summary><c>data-feed:{symbol}</c>.</summary>
    public static string DataFeedFor(string symbol) => DataFeed + ":" + symbol;

    /// <summary><c>slippage:{symbol}</c>.</summary>
    public static string SlippageFor(string symbol) => Slippage + ":" + symbol;

    /// <summary><c>hold-time:{symbol}</c>.</summary>
    public static string HoldTimeFor(string symbol) => HoldTime + ":" + symbol;
}
