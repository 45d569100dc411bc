using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Discord;

// Log lines of the gateway. None of them carries the token or a payload that contains it.
public sealed partial class DiscordGateway
{
    [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "Discord gateway: reconnecting after {Reason} ({Mode} in {DelayMs} ms)")]
    private static partial void LogReconnecting(ILogger logger, string reason, string mode, int delayMs);

    [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "Discord gateway: GET /gateway/bot failed ({Detail}); next try in {DelayMs} ms")]
    private static partial void LogGatewayBotFailed(ILogger logger, string detail, int delayMs);

    [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "Discord gateway: Identify held back {Seconds} s: {Reason}")]
    private static partial void LogIdentifyHeld(ILogger logger, string reason, int seconds);

    [LoggerMessage(EventId = 623, Level = LogLevel.Warning, Message = "Discord gateway: could not connect to {Host}: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string host, string error);

    [LoggerMessage(EventId = 624, Level = LogLevel.Debug, Message = "Discord gateway: connected to {Host} ({Mode})")]
    private static partial void LogConnected(ILogger logger, string host, string mode);

    [LoggerMessage(EventId = 625, Level = LogLevel.Warning, Message = "Discord gateway: closing the socket timed out")]
    private static partial void LogCloseTimedOut(ILogger logger);

    [LoggerMessage(EventId = 626, Level = LogLevel.Warning, Message = "Discord gateway: connection dropped: {Error}")]
    private static partial void LogDropped(ILogger logger, string error);

    [LoggerMessage(EventId = 627, Level = LogLevel.Warning, Message = "Discord gateway: ignored a bad payload: {Error}")]
    private static partial void LogBadPayload(ILogger logger, string error);

    [LoggerMessage(EventId = 628, Level = LogLevel.Information, Message = "Discord gateway: server asked to reconnect ({What})")]
    private static partial void LogServerRequested(ILogger logger, string what);

    [LoggerMessage(EventId = 629, Level = LogLevel.Warning, Message = "Discord gateway: invalid session (resumable {Resumable})")]
    private static partial void LogInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(EventId = 630, Level = LogLevel.Information, Message = "Discord gateway: resuming at sequence {Sequence}")]
    private static partial void LogResuming(ILogger logger, long sequence);

    [LoggerMessage(EventId = 631, Level = LogLevel.Information, Message = "Discord gateway: identifying ({Count} Identify in the last 24 h)")]
    private static partial void LogIdentifying(ILogger logger, int count);

    [LoggerMessage(EventId = 632, Level = LogLevel.Warning, Message = "Discord gateway: no heartbeat ACK since the last beat: zombie connection, closing it and resuming")]
    private static partial void LogZombie(ILogger logger);

    [LoggerMessage(EventId = 633, Level = LogLevel.Information, Message = "Discord gateway: ready as {User} ({UserId})")]
    private static partial void LogReady(ILogger logger, string user, string userId);

    [LoggerMessage(EventId = 634, Level = LogLevel.Information, Message = "Discord gateway: resumed at sequence {Sequence}")]
    private static partial void LogResumed(ILogger logger, long sequence);

    [LoggerMessage(EventId = 635, Level = LogLevel.Error, Message = "Discord gateway: an event handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 636, Level = LogLevel.Critical, Message = "Discord gateway closed with {Code}: {Meaning}. The Discord transport STOPPED and will not reconnect; fix the configuration and restart")]
    private static partial void LogFatalClose(ILogger logger, int code, string meaning);

    [LoggerMessage(EventId = 637, Level = LogLevel.Information, Message = "Discord gateway: server closed the connection with {Code} ({Meaning})")]
    private static partial void LogServerClosed(ILogger logger, int code, string meaning);
}
