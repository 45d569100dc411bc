using System.Threading.Channels;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>
/// The notifier the engine calls, in front of the durable outbox. The engine journals every alert (status
/// <c>pending</c>) before it calls <see cref="Notify"/>; the hub logs it at once and queues it for each enabled chat
/// channel; a background loop delivers with retries and backoff and records the outcome in the journal. At start,
/// alerts still pending from an earlier run (a crash, a chat outage) are delivered with their original time. A slow or
/// broken transport never blocks the engine.
/// </summary>
public sealed partial class NotifierHub(LogNotifier log, IEnumerable<IAlertChannel> channels, JournalGate gate, TimeProvider timeProvider, ILogger<NotifierHub> logger) : BackgroundService, INotifier
{
    private readonly Channel<Alert> _queue = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IAlertChannel[] _channels = [.. channels];
    private readonly HashSet<string> _seen = [];
    private readonly Lock _seenLock = new();

    /// <summary>Attempts per channel before giving up on one alert.</summary>
    public const int MaxAttempts = 5;

    /// <inheritdoc />
    public void Notify(Alert alert)
    {
        log.Notify(alert);
        Enqueue(alert);
    }

    private void Enqueue(Alert alert)
    {
        lock (_seenLock)
        {
            if (!_seen.Add(alert.Id))
                return;
            if (_seen.Count > 100_000)
                _seen.Clear();
        }
        _queue.Writer.TryWrite(alert);
    }

    /// <summary>Queues the alerts an earlier run left pending (oldest first) before any new one, then starts delivering.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (gate.Journal is { } journal)
        {
            foreach (var pending in await journal.GetPendingAlertsAsync(10_000, cancellationToken))
            {
                LogRedelivering(logger, pending.Title, pending.Time);
                Enqueue(pending);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One delivery loop per channel: a channel held back by its platform's limits (Telegram: 1 message per second
        // per chat) or retrying an outage never delays the others.
        var enabled = _channels.Where(c => c.IsEnabled).ToList();
        var lanes = enabled.ToDictionary(c => c, _ => Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true }));
        var loops = lanes.Select(lane => DeliverLaneAsync(lane.Key, lane.Value.Reader, stoppingToken)).ToList();
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var live = enabled.Where(c => c.IsEnabled).ToList();
                if (live.Count == 0)
                {
                    // With no chat channel the log is the channel, and it already has the alert.
                    await RecordAsync(alert, ["log"], 0, stoppingToken);
                    continue;
                }
                var pending = new Pending(alert, live.Count);
                foreach (var channel in live)
                    lanes[channel].Writer.TryWrite(pending);
            }
        }
        finally
        {
            foreach (var lane in lanes.Values)
                lane.Writer.TryComplete();
            await Task.WhenAll(loops);
        }
    }

    private async Task DeliverLaneAsync(IAlertChannel channel, ChannelReader<Pending> lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in lane.ReadAllAsync(stoppingToken))
            {
                var (ok, tries) = await DeliverWithRetryAsync(channel, pending.Alert, stoppingToken);
                if (pending.Finish(channel.Name, ok, tries) is { } done)
                    await RecordAsync(pending.Alert, done.Delivered, done.Attempts, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One alert on its way through several channels; the last channel to finish records the outcome.</summary>
    private sealed class Pending(Alert alert, int channels)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _delivered = [];
        private int _remaining = channels;
        private int _attempts;

        public Alert Alert { get; } = alert;

        public (List<string> Delivered, int Attempts)? Finish(string channel, bool delivered, int attempts)
        {
            lock (_lock)
            {
                _attempts += attempts;
                if (delivered)
                    _delivered.Add(channel);
                return --_remaining == 0 ? ([.. _delivered], _attempts) : null;
            }
        }
    }

    private async Task<(bool Delivered, int Attempts)> DeliverWithRetryAsync(IAlertChannel channel, Alert alert, CancellationToken stoppingToken)
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
                return (true, attempt);
            LogDeliveryFailed(logger, channel.Name, alert.Title, attempt, result.Detail);
            if (!result.Retryable || attempt == MaxAttempts)
                return (false, attempt);
            await Task.Delay(delay, timeProvider, stoppingToken);
            delay *= 2;
        }
        return (false, MaxAttempts);
    }

    private async Task RecordAsync(Alert alert, List<string> delivered, int attempts, CancellationToken stoppingToken)
    {
        if (gate.Journal is not { } journal)
            return;
        var record = new AlertDeliveredRecord(alert.Id, delivered.Count > 0 ? "delivered" : "failed", string.Join(',', delivered), attempts,
            delivered.Count > 0 ? timeProvider.GetUtcNow() : null);
        try
        {
            await journal.CommitAsync([record], stoppingToken);
        }
        catch (JournalException ex)
        {
            // The alert stays pending and is delivered again after a restart: late rather than lost.
            LogOutboxFailed(logger, alert.Title, ex.Message);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Alert channel {Channel} could not deliver '{Title}' (attempt {Attempt}): {Detail}")]
    private static partial void LogDeliveryFailed(ILogger logger, string channel, string title, int attempt, string detail);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Delivering an alert left pending by an earlier run: '{Title}' from {Time:O}")]
    private static partial void LogRedelivering(ILogger logger, string title, DateTimeOffset time);

    [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "Could not record the delivery of '{Title}' in the outbox: {Reason}")]
    private static partial void LogOutboxFailed(ILogger logger, string title, string reason);
}
