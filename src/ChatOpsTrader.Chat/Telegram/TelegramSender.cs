using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>What came of sending one reply or alert to one chat.</summary>
/// <param name="Ok">True when every part was accepted.</param>
/// <param name="Detail">What happened, in words (the Bot API's code and description on failure).</param>
/// <param name="Retryable">True when trying again later may work.</param>
/// <param name="MessageIds">Ids of the messages sent (or edited).</param>
public sealed record TelegramSendResult(bool Ok, string Detail, bool Retryable, IReadOnlyList<long> MessageIds)
{
    internal static TelegramSendResult Sent(IReadOnlyList<long> ids) => new(true, "sent", false, ids);

    internal static TelegramSendResult Failed(string detail, bool retryable, IReadOnlyList<long>? ids = null) => new(false, detail, retryable, ids ?? []);
}

/// <summary>
/// Every outgoing message (replies, edits, alerts) goes through here: one queue per chat, sent in order by that
/// chat's own worker, each message waiting for a slot of the <see cref="TelegramRateLimiter"/>. Replies and edits go
/// before queued alerts of the same chat, so a flood of alerts never delays an answer to a command. Handles 429
/// (everything pauses for retry_after, then the same message is retried), 403 (the chat is left alone), 401 (the
/// token is refused: everything stops), network failures and 5xx (backoff with jitter), and HTML refused by the Bot
/// API (sent again as plain text).
/// </summary>
public sealed partial class TelegramSender : IAsyncDisposable, IDisposable
{
    private readonly ITelegramApi _api;
    private readonly TelegramRateLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TelegramTimings _timings;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _queuesLock = new();
    private readonly Dictionary<long, ChatQueue> _queues = [];
    private readonly ConcurrentDictionary<long, DateTimeOffset> _blocked = new();
    private readonly ConcurrentDictionary<long, long> _migrated = new();
    private volatile string? _refused;

    /// <summary>Creates the sender.</summary>
    public TelegramSender(ITelegramApi api, TelegramRateLimiter limiter, TimeProvider timeProvider, ILogger<TelegramSender> logger, TelegramTimings? timings = null)
    {
        _api = api;
        _limiter = limiter;
        _time = timeProvider;
        _logger = logger;
        _timings = timings ?? TelegramTimings.Default;
    }

    /// <summary>Why sending stopped for good (the token was refused), or null.</summary>
    public string? Refused => _refused;

    /// <summary>Raised (chat id, reason) when a chat refuses our messages (403).</summary>
    public event Action<long, string>? ChatBlocked;

    /// <summary>The rate limiter every message waits for.</summary>
    public TelegramRateLimiter Limiter => _limiter;

    /// <summary>Stops every send: the token was refused.</summary>
    public void MarkRefused(string reason) => _refused ??= reason;

    /// <summary>True while a chat that refused our messages (403) is left alone.</summary>
    public bool IsBlocked(long chatId) => _blocked.TryGetValue(chatId, out var until) && until > _time.GetUtcNow();

    /// <summary>The chat wrote to the bot: it can receive messages again.</summary>
    public void Unblock(long chatId)
    {
        if (_blocked.TryRemove(chatId, out _))
            LogUnblocked(_logger, chatId);
    }

    /// <summary>
    /// Queues messages for a chat (kept together and in order) and completes when they were sent or failed. Alerts
    /// (<paramref name="isAlert"/>) wait behind replies. Never throws for delivery problems.
    /// </summary>
    public Task<TelegramSendResult> SendAsync(long chatId, IReadOnlyList<TelegramOutgoingMessage> messages, bool isAlert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return Task.FromResult(TelegramSendResult.Sent([]));
        return Enqueue(chatId, new Job(messages, null, isAlert), cancellationToken);
    }

    /// <summary>
    /// Replaces a message's text and removes its buttons; when the message can no longer be edited, the text is sent
    /// as a new message instead. Never throws for delivery problems.
    /// </summary>
    public Task<TelegramSendResult> EditAsync(long chatId, long messageId, string html, CancellationToken cancellationToken) =>
        Enqueue(chatId, new Job([new TelegramOutgoingMessage { Text = html }], messageId, false), cancellationToken);

    /// <summary>Stops every worker without waiting for them.</summary>
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
            _stop.Cancel();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        List<ChatQueue> queues;
        lock (_queuesLock)
            queues = [.. _queues.Values];
        foreach (var queue in queues)
        {
            try
            {
                await queue.Worker.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
            }
        }
        _stop.Dispose();
    }

    private Task<TelegramSendResult> Enqueue(long chatId, Job job, CancellationToken cancellationToken)
    {
        if (_refused is { } refused)
            return Task.FromResult(TelegramSendResult.Failed(refused, retryable: false));
        if (_stop.IsCancellationRequested)
            return Task.FromResult(TelegramSendResult.Failed("Telegram sender stopped", retryable: true));
        if (IsBlocked(chatId))
            return Task.FromResult(TelegramSendResult.Failed($"chat {chatId} refused our messages (403); not sending to it for now", retryable: false));
        ChatQueue? queue;
        lock (_queuesLock)
        {
            if (!_queues.TryGetValue(chatId, out queue))
            {
                queue = new ChatQueue(chatId, this);
                _queues[chatId] = queue;
            }
        }
        queue.Add(job);
        return cancellationToken.CanBeCanceled ? job.Completion.Task.WaitAsync(cancellationToken) : job.Completion.Task;
    }

    private async Task RunChatAsync(ChatQueue queue)
    {
        var stop = _stop.Token;
        try
        {
            while (true)
            {
                await queue.Signal.WaitAsync(stop);
                var job = queue.Take();
                TelegramSendResult result;
                try
                {
                    result = await ProcessAsync(queue.ChatId, job, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    job.Completion.TrySetResult(TelegramSendResult.Failed("Telegram sender stopped", retryable: true));
                    throw;
                }
                catch (Exception ex)
                {
                    // Never lose the worker: an unexpected error fails this job only.
                    LogUnexpected(_logger, queue.ChatId, ex.GetType().Name, ex.Message);
                    result = TelegramSendResult.Failed($"unexpected error: {ex.GetType().Name}", retryable: true);
                }
                job.Completion.TrySetResult(result);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            while (queue.TryTake(out var left))
                left.Completion.TrySetResult(TelegramSendResult.Failed("Telegram sender stopped", retryable: true));
        }
    }

    private async Task<TelegramSendResult> ProcessAsync(long chatId, Job job, CancellationToken stop)
    {
        if (job.EditMessageId is { } messageId)
        {
            var (edited, gone) = await EditOneAsync(chatId, messageId, job.Messages[0].Text, stop);
            // A message too old or deleted cannot be edited: say it in a new message instead.
            return gone ? await SendOneAsync(chatId, job.Messages[0], stop) : edited;
        }

        var ids = new List<long>(job.Messages.Count);
        TelegramSendResult? firstFailure = null;
        foreach (var message in job.Messages)
        {
            var result = await SendOneAsync(chatId, message, stop);
            if (result.Ok)
            {
                ids.AddRange(result.MessageIds);
                continue;
            }
            firstFailure ??= result;
            if (!result.Retryable)
                break;
        }
        return firstFailure is null ? TelegramSendResult.Sent(ids) : firstFailure with { MessageIds = ids };
    }

    private async Task<TelegramSendResult> SendOneAsync(long chatId, TelegramOutgoingMessage message, CancellationToken stop)
    {
        var retry = new RetryState(_timings);
        while (true)
        {
            if (Stopped(chatId) is { } stopped)
                return stopped;
            var target = Target(chatId);
            await _limiter.AcquireAsync(target, stop);
            try
            {
                var sent = await _api.SendMessageAsync(target, message, stop);
                return TelegramSendResult.Sent([sent.MessageId]);
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 400 && message.Html && IsParseError(ex))
            {
                LogHtmlRefused(_logger, chatId, ex.Description);
                message = message with { Text = ToPlainText(message.Text), Html = false };
            }
            catch (TelegramApiException ex)
            {
                if (await OnErrorAsync(chatId, ex, retry, stop) is { } final)
                    return final;
            }
        }
    }

    private async Task<(TelegramSendResult Result, bool Gone)> EditOneAsync(long chatId, long messageId, string html, CancellationToken stop)
    {
        var retry = new RetryState(_timings);
        var isHtml = true;
        while (true)
        {
            if (Stopped(chatId) is { } stopped)
                return (stopped, false);
            var target = Target(chatId);
            await _limiter.AcquireAsync(target, stop);
            try
            {
                await _api.EditMessageTextAsync(target, messageId, html, isHtml, InlineKeyboardMarkup.Empty, stop);
                return (TelegramSendResult.Sent([messageId]), false);
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 400 && ex.Description.Contains("not modified", StringComparison.OrdinalIgnoreCase))
            {
                return (TelegramSendResult.Sent([messageId]), false);
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 400 && isHtml && IsParseError(ex))
            {
                LogHtmlRefused(_logger, chatId, ex.Description);
                html = ToPlainText(html);
                isHtml = false;
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 400 && ex.MigrateToChatId is null)
            {
                return (TelegramSendResult.Failed($"400: {ex.Description}", retryable: false), true);
            }
            catch (TelegramApiException ex)
            {
                if (await OnErrorAsync(chatId, ex, retry, stop) is { } final)
                    return (final, false);
            }
        }
    }

    private TelegramSendResult? Stopped(long chatId)
    {
        if (_refused is { } refused)
            return TelegramSendResult.Failed(refused, retryable: false);
        if (IsBlocked(chatId))
            return TelegramSendResult.Failed($"chat {chatId} refused our messages (403)", retryable: false);
        return null;
    }

    private long Target(long chatId) => _migrated.TryGetValue(chatId, out var moved) ? moved : chatId;

    /// <summary>Handles a failed call: returns the final result, or null to try again (after any wait it needs).</summary>
    private async Task<TelegramSendResult?> OnErrorAsync(long chatId, TelegramApiException ex, RetryState retry, CancellationToken stop)
    {
        switch (ex.ErrorCode)
        {
            case 429:
                var retryAfter = ex.RetryAfter ?? TimeSpan.FromSeconds(1);
                _limiter.Pause(retryAfter);
                LogTooManyRequests(_logger, chatId, retryAfter.TotalSeconds);
                if (++retry.TooMany > _timings.Max429Retries)
                    return TelegramSendResult.Failed($"429 Too Many Requests {retry.TooMany} times in a row", retryable: true);
                return null; // The limiter holds every send until retry_after has passed.
            case 403:
                Block(chatId, ex.Description);
                return TelegramSendResult.Failed($"403: {ex.Description}", retryable: false);
            case 401 or 404:
                MarkRefused($"Telegram: the bot token was refused ({ex.ErrorCode})");
                return TelegramSendResult.Failed($"{ex.ErrorCode}: the bot token was refused", retryable: false);
            case 400 when ex.MigrateToChatId is { } newId && !_migrated.ContainsKey(chatId):
                _migrated[chatId] = newId;
                LogMigrated(_logger, chatId, newId);
                return null;
            case >= 400 and < 500:
                return TelegramSendResult.Failed($"{ex.ErrorCode}: {ex.Description}", retryable: false);
            default:
                if (++retry.Attempts >= _timings.MaxSendAttempts)
                    return TelegramSendResult.Failed(ex.ErrorCode == 0 ? ex.Description : $"{ex.ErrorCode}: {ex.Description}", retryable: true);
                var delay = retry.Backoff.Next();
                LogRetrying(_logger, chatId, ex.ErrorCode, ex.Description, delay.TotalSeconds);
                await Task.Delay(delay, _time, stop);
                return null;
        }
    }

    private void Block(long chatId, string reason)
    {
        var until = _time.GetUtcNow() + _timings.BlockedChatRetry;
        _blocked[chatId] = until;
        LogBlocked(_logger, chatId, reason, _timings.BlockedChatRetry.TotalMinutes);
        try
        {
            ChatBlocked?.Invoke(chatId, reason);
        }
        catch (Exception ex)
        {
            LogUnexpected(_logger, chatId, ex.GetType().Name, ex.Message);
        }
    }

    private static bool IsParseError(TelegramApiException ex) =>
        ex.Description.Contains("parse entities", StringComparison.OrdinalIgnoreCase) || ex.Description.Contains("can't find end", StringComparison.OrdinalIgnoreCase);

    /// <summary>Our HTML as plain text: tags removed, entities decoded (same visible length).</summary>
    internal static string ToPlainText(string html) => WebUtility.HtmlDecode(TagPattern().Replace(html, string.Empty));

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Telegram: 429 Too Many Requests while sending to chat {ChatId}; every send waits {Seconds} s as asked")]
    private static partial void LogTooManyRequests(ILogger logger, long chatId, double seconds);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Telegram: chat {ChatId} refused our messages ({Reason}); not sending to it for {Minutes} min or until it writes to the bot again. Check Telegram__AlertChatIds and that the bot is still in the chat and not blocked.")]
    private static partial void LogBlocked(ILogger logger, long chatId, string reason, double minutes);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Telegram: chat {ChatId} wrote to the bot; sending to it again")]
    private static partial void LogUnblocked(ILogger logger, long chatId);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Telegram: sending to chat {ChatId} failed ({Code}: {Description}); trying again in {Seconds:0.0} s")]
    private static partial void LogRetrying(ILogger logger, long chatId, int code, string description, double seconds);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Telegram: group {ChatId} became supergroup {NewChatId}; sending there. Update Telegram__AlertChatIds if it is listed.")]
    private static partial void LogMigrated(ILogger logger, long chatId, long newChatId);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error, Message = "Telegram refused our HTML for chat {ChatId} ({Description}); sending it as plain text")]
    private static partial void LogHtmlRefused(ILogger logger, long chatId, string description);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Error, Message = "Telegram: unexpected {Type} while sending to chat {ChatId}: {Message}")]
    private static partial void LogUnexpected(ILogger logger, long chatId, string type, string message);

    private sealed class RetryState(TelegramTimings timings)
    {
        public int Attempts { get; set; }

        public int TooMany { get; set; }

        public TelegramBackoff Backoff { get; } = new(timings);
    }

    private sealed record Job(IReadOnlyList<TelegramOutgoingMessage> Messages, long? EditMessageId, bool IsAlert)
    {
        public TaskCompletionSource<TelegramSendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ChatQueue
    {
        private readonly Lock _lock = new();
        private readonly Queue<Job> _replies = new();
        private readonly Queue<Job> _alerts = new();

        public ChatQueue(long chatId, TelegramSender owner)
        {
            ChatId = chatId;
            Worker = Task.Run(() => owner.RunChatAsync(this));
        }

        public long ChatId { get; }

        public SemaphoreSlim Signal { get; } = new(0);

        public Task Worker { get; }

        public void Add(Job job)
        {
            lock (_lock)
                (job.IsAlert ? _alerts : _replies).Enqueue(job);
            Signal.Release();
        }

        public Job Take()
        {
            lock (_lock)
                return _replies.Count > 0 ? _replies.Dequeue() : _alerts.Dequeue();
        }

        public bool TryTake(out Job job)
        {
            lock (_lock)
            {
                if (_replies.TryDequeue(out job!) || _alerts.TryDequeue(out job!))
                    return true;
                return false;
            }
        }
    }
}
