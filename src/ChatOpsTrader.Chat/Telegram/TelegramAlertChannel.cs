using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// Alerts to every <c>Telegram:AlertChatIds</c> chat, through the rate-limited <see cref="TelegramSender"/> (alerts
/// queue behind replies of the same chat). A retry after a partial failure goes only to the chats that did not get
/// the alert yet, so nobody receives it twice.
/// </summary>
public sealed class TelegramAlertChannel : IAlertChannel
{
    private readonly TelegramOptions _options;
    private readonly TelegramSender _sender;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<long> _chats;
    private readonly bool _usable;
    private readonly BoundedMap<string, HashSet<long>> _delivered = new(1000);

    /// <summary>Creates the channel.</summary>
    public TelegramAlertChannel(TelegramOptions options, TelegramSender sender, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _sender = sender;
        _time = timeProvider;
        _chats = options.ParsedAlertChatIds();
        _usable = options.HasToken && options.Validate().Count == 0;
    }

    /// <inheritdoc />
    public string Name => "telegram";

    /// <summary>The chats alerts go to.</summary>
    public IReadOnlyList<long> ChatIds => _chats;

    /// <inheritdoc />
    public bool IsEnabled => _usable && _sender.Refused is null && _chats.Any(c => !_sender.IsBlocked(c));

    /// <inheritdoc />
    public async Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!_options.HasToken)
            return AlertDelivery.Failed("Telegram is off (no Telegram__BotToken)", retryable: false);
        if (_chats.Count == 0)
            return AlertDelivery.Failed("no Telegram__AlertChatIds configured", retryable: false);
        if (_sender.Refused is { } refused)
            return AlertDelivery.Failed(refused, retryable: false);

        var parts = TelegramFormatter.FormatAlert(alert, _time.GetUtcNow());
        var messages = parts.Select(p => new TelegramOutgoingMessage { Text = p, Silent = alert.Severity == Severity.Sev4 }).ToList();
        HashSet<long> done;
        lock (_delivered)
        {
            if (!_delivered.TryGet(alert.Id, out done))
            {
                done = [];
                _delivered.Set(alert.Id, done);
            }
        }

        List<long> pending;
        lock (done)
            pending = [.. _chats.Where(c => !done.Contains(c))];
        // Queued at once, in the order alerts arrive; every chat has its own queue.
        var sends = pending.Select(chat => (Chat: chat, Task: _sender.SendAsync(chat, messages, isAlert: true, cancellationToken))).ToList();
        var failures = new List<string>();
        var retryable = false;
        foreach (var (chat, task) in sends)
        {
            var result = await task;
            if (result.Ok)
            {
                lock (done)
                    done.Add(chat);
                continue;
            }
            failures.Add($"chat {chat}: {result.Detail}");
            retryable |= result.Retryable;
        }

        int delivered;
        lock (done)
            delivered = done.Count;
        if (failures.Count == 0)
            return AlertDelivery.Ok($"delivered to {delivered} Telegram chat(s)");
        if (retryable || delivered == 0)
            return AlertDelivery.Failed($"delivered to {delivered} of {_chats.Count} Telegram chat(s); {string.Join("; ", failures)}", retryable);
        // Some chats refuse us for good (blocked, kicked: logged by the sender); the others have it.
        return AlertDelivery.Ok($"delivered to {delivered} of {_chats.Count} Telegram chat(s); {string.Join("; ", failures)}");
    }
}
