using System.Net;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Simulator.Tws;

/// <summary>Log messages of the TWS simulator (event ids 5300–5349).</summary>
internal static partial class TwsLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "TWS simulator listening on {EndPoint} (account {Accounts}, server version ≤ {MaxVersion})")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, string accounts, int maxVersion);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "TWS simulator stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "TWS simulator: connection {Session} from {Remote} negotiated version {Version} (client v{Min}..{Max})")]
    public static partial void Negotiated(ILogger logger, long session, EndPoint? remote, int version, int min, int max);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "TWS simulator: connection {Session} refused: client speaks v{Min}..{Max}, we speak {ServerMin}..{ServerMax}")]
    public static partial void VersionRefused(ILogger logger, long session, int min, int max, int serverMin, int serverMax);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Information, Message = "TWS simulator: client {ClientId} started the API on connection {Session}")]
    public static partial void ClientStarted(ILogger logger, int clientId, long session);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Warning, Message = "TWS simulator: connection {Session} refused: client id {ClientId} is already in use (326)")]
    public static partial void ClientIdInUse(ILogger logger, long session, int clientId);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Warning, Message = "TWS simulator: client {ClientId} exceeded {Limit} messages per second ({Count}); error 100 and disconnect")]
    public static partial void PacingViolation(ILogger logger, int clientId, int limit, int count);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Warning, Message = "TWS simulator: connection {Session} dropped: broken protocol")]
    public static partial void ProtocolBroken(ILogger logger, long session, Exception exception);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Information, Message = "TWS simulator: connection {Session} (client {ClientId}) closed; its orders keep working")]
    public static partial void SessionClosed(ILogger logger, long session, int clientId);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Debug, Message = "TWS simulator: client {ClientId} sent a request we answer with error {Code}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, int clientId, int code, string reason);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Warning, Message = "TWS simulator: connection {Session} dropped: it fell {Queued} messages behind")]
    public static partial void SlowConsumer(ILogger logger, long session, int queued);

    [LoggerMessage(EventId = 5311, Level = LogLevel.Error, Message = "TWS simulator: connection {Session} failed")]
    public static partial void SessionFailed(ILogger logger, long session, Exception exception);

    [LoggerMessage(EventId = 5312, Level = LogLevel.Warning, Message = "TWS simulator control: {Action}")]
    public static partial void Control(ILogger logger, string action);

    [LoggerMessage(EventId = 5313, Level = LogLevel.Error, Message = "TWS simulator: the accept loop failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5314, Level = LogLevel.Error, Message = "TWS simulator: a timer tick failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5315, Level = LogLevel.Information, Message = "TWS simulator: client {ClientId} disconnected with {Staged} untransmitted orders; they are discarded")]
    public static partial void StagedDiscarded(ILogger logger, int clientId, int staged);

    [LoggerMessage(EventId = 5316, Level = LogLevel.Warning, Message = "TWS simulator: connection {Session} refused: {Max} clients are connected")]
    public static partial void TooManyClients(ILogger logger, long session, int max);
}
