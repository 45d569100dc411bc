using System.Threading.Channels;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>
/// The notifier the engine calls: it logs every alert at once and queues it for each enabled chat channel; a
/// background loop delivers with retries and backoff, so a slow or broken transport never blocks the engine.
/// </summary>
public sealed partial class NotifierHub(LogNotifier log, IEnumerable<IAlertChannel> channels, TimeProvider timeProvider, ILogger<NotifierHub> logger) : BackgroundService, INotifier
{
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly IAlertChannel[] _channels = [.. channels];

    /// <summary>Attempts per channel before giving up on one alert.</summary>
    public const int MaxAttempts = 5;

    /// <inheritdoc />
    public void Notify(Alert alert)
    {
        log.Notify(alert);
        if (_channels.Length > 0)
            _queue.Writer.TryWrite(alert);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var channel in _channels.Where(c => c.IsEnabled))
                await DeliverWithRetryAsync(channel, alert, stoppingToken);
        }
    }

    private async Task DeliverWithRetryAsync(IAlertChannel channel, Alert alert, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            AlertDelivery result;
            try
            {
                result = await channel.DeliverAsync(alert, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = AlertDelivery.Failed(ex.Message);
            }
            if (result.Delivered)
                return;
            LogDeliveryFailed(logger, channel.Name, alert.Title, attempt, result.Detail);
            if (!result.Retryable || attempt == MaxAttempts)
                return;
            await Task.Delay(delay, timeProvider, stoppingToken);
            delay *= 2;
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Alert channel {Channel} could not deliver '{Title}' (attempt {Attempt}): {Detail}")]
    private static partial void LogDeliveryFailed(ILogger logger, string channel, string title, int attempt, string detail);
}
