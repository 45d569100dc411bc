using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Simulator;

/// <summary>Log messages of the simulator (event ids 5100–5299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Paper exchange: new account {AccountId} with {Cash} cash (state: {Path})")]
    public static partial void NewAccount(ILogger logger, string accountId, decimal cash, string path);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Paper exchange: state loaded from {Path}: {WorkingOrders} working orders, {Positions} positions, saved at {SavedAt:o}")]
    public static partial void StateLoaded(ILogger logger, string path, int workingOrders, int positions, DateTimeOffset savedAt);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Paper exchange: the state file {Path} is unreadable; it was kept aside as {MovedTo} and a NEW paper account was opened (the journal will reconcile against it)")]
    public static partial void StateCorrupt(ILogger logger, string path, string movedTo, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Paper exchange: caught up {Steps} ticks ({Span}) since {From:o} while the process was down: {Executions} executions (capped: {Capped})")]
    public static partial void CaughtUp(ILogger logger, int steps, TimeSpan span, DateTimeOffset from, int executions, bool capped);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Paper exchange: the clock is before the last saved tick ({LastTick:o} > {Now:o}); no catch-up")]
    public static partial void ClockWentBack(ILogger logger, DateTimeOffset lastTick, DateTimeOffset now);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "Paper exchange: could not write the state file {Path}; trading continues in memory and the next change retries")]
    public static partial void SaveFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Paper exchange: state file {Path} written again")]
    public static partial void SaveRecovered(ILogger logger, string path);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Error, Message = "Paper exchange: a subscriber failed on {EventType}")]
    public static partial void SubscriberFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Error, Message = "Paper exchange: a tick failed")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Paper exchange: order {OrderId} of client {ClientId} for {Symbol} rejected: {Code} {Reason}")]
    public static partial void OrderRejected(ILogger logger, long orderId, int clientId, string symbol, int code, string reason);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Paper exchange fault: {Description}")]
    public static partial void FaultInjected(ILogger logger, string description);

    [LoggerMessage(EventId = 5200, Level = LogLevel.Error, Message = "Paper broker: the event sink failed on {EventType}")]
    public static partial void SinkFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Paper broker: connected to paper account {AccountId}")]
    public static partial void BrokerStarted(ILogger logger, string accountId);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Paper broker: stopped; server-side orders keep working")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(EventId = 5250, Level = LogLevel.Information, Message = "Demo strategy: {Message}")]
    public static partial void Demo(ILogger logger, string message);

    [LoggerMessage(EventId = 5251, Level = LogLevel.Debug, Message = "Demo strategy: {Message}")]
    public static partial void DemoDebug(ILogger logger, string message);

    [LoggerMessage(EventId = 5252, Level = LogLevel.Warning, Message = "Demo strategy: a decision failed; carrying on")]
    public static partial void DemoFailed(ILogger logger, Exception exception);
}
