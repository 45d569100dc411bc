using System.Collections.Concurrent;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>
/// Delivers alerts to the log (console and rolling files) and keeps the latest ones for <c>/healthz</c> and the API.
/// Chat transports plug in beside it; it never blocks the engine.
/// </summary>
public sealed partial class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    private readonly ConcurrentQueue<Alert> _recent = new();

    /// <summary>The newest alerts, oldest first (at most 200).</summary>
    public IReadOnlyCollection<Alert> Recent => _recent;

    /// <inheritdoc />
    public void Notify(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _recent.Enqueue(alert);
        while (_recent.Count > 200)
            _recent.TryDequeue(out _);
        var level = alert.Severity switch
        {
            Severity.Sev1 => LogLevel.Critical,
            Severity.Sev2 => LogLevel.Error,
            Severity.Sev3 => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        LogAlert(logger, level, alert.Severity.ToString().ToUpperInvariant(), alert.Title, alert.Text, alert.FirstAction);
    }

    [LoggerMessage(EventId = 300, Message = "ALERT {Severity}: {Title}. {Text} First action: {FirstAction}")]
    private static partial void LogAlert(ILogger logger, LogLevel level, string severity, string title, string text, string firstAction);
}
