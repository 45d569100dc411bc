using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tws.Client;

internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "TWS connected: {Endpoint}, server version {ServerVersion}, accounts {Accounts}, next order id {NextOrderId}")]
    public static partial void Connected(ILogger logger, string endpoint, int serverVersion, string accounts, int nextOrderId);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "TWS connection to {Endpoint} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "TWS message: id {Id}, code {Code}: {Message}")]
    public static partial void TwsError(ILogger logger, int id, int code, string message);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "TWS market data resubscription failed: {Reason}")]
    public static partial void ResubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "TWS connection attempt to {Endpoint} failed [{Code}]: {Diagnosis}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string code, string diagnosis);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "TWS resync after connecting failed: {Reason}")]
    public static partial void ResyncFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "TWS next connection attempt in {Milliseconds} ms ({Failures} failed in a row)")]
    public static partial void RetryIn(ILogger logger, long milliseconds, int failures);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "TWS listener failed on {What}")]
    public static partial void ListenerFailed(ILogger logger, string what, Exception exception);
}
