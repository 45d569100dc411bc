using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tws.Broker;

internal static partial class TwsBrokerLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning, Message = "Cancel of foreign order {BrokerOrderId}: TWS cannot cancel another client's order by id, so a global cancel was sent")]
    public static partial void ForeignCancelAsGlobal(ILogger logger, long brokerOrderId);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "TWS account values unavailable for the snapshot: {Reason}")]
    public static partial void AccountValuesFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Resync after TWS code {Code} failed ({Reason}); reconnecting")]
    public static partial void RestoreResyncFailed(ILogger logger, int code, string reason);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Open-orders poll of the account watchdog failed: {Reason}")]
    public static partial void PollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "TWS did not answer a ping within {Seconds} s: dropping the connection to reconnect")]
    public static partial void PingUnanswered(ILogger logger, double seconds);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Debug, Message = "Resynced with TWS in {Milliseconds} ms: {Positions} positions, {Orders} open orders, {Executions} executions")]
    public static partial void Resynced(ILogger logger, long milliseconds, int positions, int orders, int executions);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "Broker event sink failed on {EventType}")]
    public static partial void SinkFailed(ILogger logger, string eventType, Exception exception);
}
