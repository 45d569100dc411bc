using System.Threading.Channels;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Host.Configuration;

namespace ChatOpsTrader.Host.Hosting;

/// <summary>
/// The notifier the engine calls, in front of the durable outbox. The engine journals every alert (status
/// <c>pending</c>) before it calls <see cref="Notify"/>. One decision loop owns the <see cref="AlertPolicy"/> (dedup
/// with aggregation, routing, quiet hours, escalation, rate limits, failover): it turns alerts, ticks, delivery results
/// and acknowledgements into dispatches. Each chat channel has its own delivery lane with retries, so a slow or broken
/// transport never delays another one, and nothing ever blocks the engine. A dispatch delivered to a person marks its
/// alerts delivered in the outbox; at start, alerts still pending from an earlier run are raised again with their
/// original time.
/// </summary>
public sealed partial class NotifierHub : BackgroundService, INotifier
{
    private const string LogChannel = "log";

    private readonly Channel<HubInput> _inputs = Channel.CreateUnbounded<HubInput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LogNotifier _log;
    private readonly IAlertChannel[] _channels;
    private readonly JournalGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertPolicyOptions _policyOptions;
    private readonly Core.Trading.TradingCalendar _calendar;

    /// <summary>Creates the hub.</summary>
    public NotifierHub(LogNotifier log, IEnumerable<IAlertChannel> channels, JournalGate gate, ChatOpsSettings settings, TimeProvider timeProvider, ILogger<NotifierHub> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _log = log;
        _channels = [.. channels];
        _gate = gate;
        _time = timeProvider;
        _logger = logger;
        _policyOptions = settings.AlertPolicy;
        _calendar = settings.Engine.Calendar;
    }

    /// <summary>
    /// Told of the alerts the policy makes up itself about channels ("alert channel down", "restored"), once each, so
    /// they open and close the notification-failure incident (the host sets it to the engine's
    /// <c>ObserveAlert</c>). Null: nobody is told.
    /// </summary>
    public Action<Alert>? PolicyAlerts { get; set; }

    private readonly HashSet<string> _policyAlertsSeen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void Notify(Alert alert) => _inputs.Writer.TryWrite(new HubInput.Raise(alert));

    /// <inheritdoc />
    public void Acknowledge(string incidentIdOrKey) => _inputs.Writer.TryWrite(new HubInput.Ack(incidentIdOrKey));

    /// <summary>
    /// Completes once every input queued before it has been decided by the policy (its dispatches handed to the
    /// delivery lanes; deliveries themselves may still be under way).
    /// </summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        var barrier = new HubInput.Barrier();
        if (!_inputs.Writer.TryWrite(barrier))
            throw new InvalidOperationException("The notifier hub is stopped.");
        return barrier.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues the alerts an earlier run left pending (oldest first) before any new one, then starts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_gate.Journal is { } journal)
        {
            var cutoff = _time.GetUtcNow().AddDays(-1);
            var stale = new List<JournalRecord>();
            foreach (var pending in await journal.GetPendingAlertsAsync(10_000, cancellationToken))
            {
                if (pending.Time < cutoff)
                {
                    // Older than a day and never delivered: record it as failed rather than raising it at every start.
                    stale.Add(new AlertDeliveredRecord(pending.Id, "failed", string.Empty, 0, null));
                    continue;
                }
                LogRedelivering(_logger, pending.Title, pending.Time);
                _inputs.Writer.TryWrite(new HubInput.Raise(pending));
            }
            if (stale.Count > 0)
                await CommitAsync(stale, cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var enabled = _channels.Where(c => c.IsEnabled).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var options = _policyOptions with { Channels = [.. _policyOptions.Channels.Where(c => c.Name == LogChannel || enabled.ContainsKey(c.Name))] };
        var policy = new AlertPolicy(options, _calendar);
        var chatSeverities = options.Channels.Where(c => c.Name != LogChannel).SelectMany(c => c.Severities).ToHashSet();
        var lanes = enabled.ToDictionary(kv => kv.Key, _ => Channel.CreateUnbounded<AlertDispatch>(new UnboundedChannelOptions { SingleReader = true }), StringComparer.Ordinal);
        var loops = lanes.Select(lane => DeliverLaneAsync(enabled[lane.Key], lane.Value.Reader, stoppingToken)).ToList();
        var ticker = TickAsync(stoppingToken);
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(input, policy, lanes, chatSeverities, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad input must never stop alert delivery for good.
                    LogHandlingFailed(_logger, input.GetType().Name, ex);
                }
            }
        }
        finally
        {
            foreach (var lane in lanes.Values)
                lane.Writer.TryComplete();
            await Task.WhenAll(loops);
            await ticker;
        }
    }

    private async Task HandleAsync(HubInput input, AlertPolicy policy, Dictionary<string, Channel<AlertDispatch>> lanes, HashSet<Severity> chatSeverities, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var dispatches = input switch
        {
            HubInput.Raise r => policy.Raise(r.Alert, now),
            HubInput.Tick => policy.Tick(now),
            HubInput.Ack a => Acknowledged(policy, a.Key, now),
            HubInput.Result { Delivered: true } d => policy.ReportSuccess(d.Dispatch.Channel, now),
            HubInput.Result d => policy.ReportFailure(d.Dispatch, now),
            HubInput.Barrier b => Reached(b),
            _ => [],
        };
        if (input is HubInput.Result { Delivered: true } delivered)
            await MarkDeliveredAsync(delivered.Dispatch, stoppingToken);

        foreach (var dispatch in dispatches)
        {
            ForwardChannelNotice(dispatch.Alert);
            if (dispatch.Channel == LogChannel)
            {
                _log.Notify(Describe(dispatch));
                // Alerts no person-facing channel takes (SEV4, or no chat configured) are delivered once logged.
                if (lanes.Count == 0 || !chatSeverities.Contains(dispatch.Alert.Severity))
                    await MarkDeliveredAsync(dispatch, stoppingToken);
            }
            else if (lanes.TryGetValue(dispatch.Channel, out var lane))
            {
                lane.Writer.TryWrite(dispatch);
            }
        }
    }

    private void ForwardChannelNotice(Alert alert)
    {
        if (PolicyAlerts is not { } sink
            || !(alert.Key.StartsWith(AlertKeys.AlertChannelDownPrefix, StringComparison.Ordinal) || alert.Key.StartsWith(AlertKeys.AlertChannelRestoredPrefix, StringComparison.Ordinal)))
            return;
        if (_policyAlertsSeen.Count > 1000)
            _policyAlertsSeen.Clear();
        if (_policyAlertsSeen.Add(alert.Id))
            sink(alert);
    }

    private static IReadOnlyList<AlertDispatch> Reached(HubInput.Barrier barrier)
    {
        barrier.Done.TrySetResult();
        return [];
    }

    private static IReadOnlyList<AlertDispatch> Acknowledged(AlertPolicy policy, string key, DateTimeOffset now)
    {
        policy.Acknowledge(key, now);
        return [];
    }

    private static Alert Describe(AlertDispatch dispatch) => dispatch.AggregatedCount > 1
        ? dispatch.Alert with { Title = $"{dispatch.Alert.Title} ({dispatch.AggregatedCount} alerts)" }
        : dispatch.Alert;

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                _inputs.Writer.TryWrite(HubInput.Tick.Instance);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverLaneAsync(IAlertChannel channel, ChannelReader<AlertDispatch> lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var dispatch in lane.ReadAllAsync(stoppingToken))
            {
                var ok = await DeliverAsync(channel, dispatch.AggregatedCount > 1 ? Describe(dispatch) : dispatch.Alert, stoppingToken);
                _inputs.Writer.TryWrite(new HubInput.Result(dispatch, ok));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One delivery. The transports retry quickly on their own (Telegram backs off on 5xx and network errors, Discord
    /// waits out 429s); what still fails goes back to the policy, which holds it, reroutes a SEV1 at once and declares
    /// the channel down after repeated failures. Retrying here as well would multiply the transport's retries and delay
    /// a SEV1 by minutes.
    /// </summary>
    private async Task<bool> DeliverAsync(IAlertChannel channel, Alert alert, CancellationToken stoppingToken)
    {
        AlertDelivery result;
        try
        {
            result = channel.IsEnabled ? await channel.DeliverAsync(alert, stoppingToken) : AlertDelivery.Failed("the channel is off", retryable: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = AlertDelivery.Failed(ex.Message);
        }
        if (!result.Delivered)
            LogDeliveryFailed(_logger, channel.Name, alert.Title, 1, result.Detail);
        return result.Delivered;
    }

    private Task MarkDeliveredAsync(AlertDispatch dispatch, CancellationToken stoppingToken)
    {
        // Probes and "channel down/restored" notices are made up by the policy and carry no outbox ids.
        var ids = dispatch.AlertIds;
        var now = _time.GetUtcNow();
        return CommitAsync([.. ids.Distinct(StringComparer.Ordinal).Select(id => (JournalRecord)new AlertDeliveredRecord(id, "delivered", dispatch.Channel, 1, now))], stoppingToken);
    }

    private async Task CommitAsync(IReadOnlyList<JournalRecord> records, CancellationToken stoppingToken)
    {
        if (_gate.Journal is not { } journal || records.Count == 0)
            return;
        try
        {
            await journal.CommitAsync(records, stoppingToken);
        }
        catch (JournalException ex)
        {
            // Alerts the policy made up (digests, probes) are not in the outbox, and an alert recorded twice is
            // harmless; a failure leaves the alerts pending: delivered again after a restart, late rather than lost.
            if (records.Count > 1)
            {
                foreach (var record in records)
                {
                    try
                    {
                        await journal.CommitAsync([record], stoppingToken);
                    }
                    catch (JournalException)
                    {
                    }
                }
                return;
            }
            LogOutboxFailed(_logger, ex.Message);
        }
    }

    private abstract record HubInput
    {
        public sealed record Raise(Alert Alert) : HubInput;

        public sealed record Ack(string Key) : HubInput;

        public sealed record Barrier : HubInput
        {
            public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public sealed record Result(AlertDispatch Dispatch, bool Delivered) : HubInput;

        public sealed record Tick : HubInput
        {
            public static Tick Instance { get; } = new();
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Alert channel {Channel} could not deliver '{Title}' (attempt {Attempt}): {Detail}")]
    private static partial void LogDeliveryFailed(ILogger logger, string channel, string title, int attempt, string detail);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Delivering an alert left pending by an earlier run: '{Title}' from {Time:O}")]
    private static partial void LogRedelivering(ILogger logger, string title, DateTimeOffset time);

    [LoggerMessage(EventId = 323, Level = LogLevel.Error, Message = "The alert hub could not handle {Input}; delivery goes on")]
    private static partial void LogHandlingFailed(ILogger logger, string input, Exception ex);

    [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "Could not record a delivery in the outbox: {Reason}")]
    private static partial void LogOutboxFailed(ILogger logger, string reason);
}
