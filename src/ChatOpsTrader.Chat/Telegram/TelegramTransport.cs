using System.Globalization;
using System.Threading.Channels;
using ChatOpsTrader.Chat.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>Where the Telegram transport is.</summary>
public enum TelegramTransportState
{
    /// <summary>No token (or an unusable configuration): Telegram is off.</summary>
    Off,

    /// <summary>Checking the token (getMe) and preparing.</summary>
    Starting,

    /// <summary>Long polling and answering commands.</summary>
    Running,

    /// <summary>The token was refused (401): stopped for good, the rest of the bot keeps working.</summary>
    Refused,

    /// <summary>Stopped with the host.</summary>
    Stopped,
}

/// <summary>
/// The Telegram side of chat ops: long polling of getUpdates, every command run through the
/// <see cref="CommandRouter"/> as <c>Caller("telegram", from.id)</c>, replies formatted by
/// <see cref="TelegramFormatter"/> and sent through the rate-limited <see cref="TelegramSender"/>. Updates are handled
/// by a few workers, so a slow command never holds up polling or other commands; no exception ends the loop.
/// Authorization, confirmations and audit are the router's: unknown users get nothing at all.
/// </summary>
public sealed partial class TelegramTransport : BackgroundService
{
    private const int QueueCapacity = 1000;
    private readonly TelegramOptions _options;
    private readonly ITelegramApi _api;
    private readonly TelegramSender _sender;
    private readonly CommandRouter? _router;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TelegramTimings _timings;
    private readonly Channel<TelegramUpdate> _work = Channel.CreateBounded<TelegramUpdate>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly BoundedMap<(long Chat, long Message), long> _requesters = new(2000);
    private readonly BoundedMap<(long Chat, long Message), bool> _finalized = new(2000);
    private readonly BoundedMap<long, bool> _chatsSeen = new(1000);
    private readonly SemaphoreSlim[] _messageLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly Lock _problemLock = new();
    private volatile TelegramTransportState _state = TelegramTransportState.Off;
    private string? _problem;
    private DateTimeOffset _problemSeen;
    private long _lastStarted = -1;
    private string? _username;
    private long _updatesReceived;

    /// <summary>Creates the transport. <paramref name="router"/> is null when trading did not start (then only alerts go out).</summary>
    public TelegramTransport(TelegramOptions options, ITelegramApi api, TelegramSender sender, CommandRouter? router, TimeProvider timeProvider, ILogger<TelegramTransport> logger, TelegramTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _api = api;
        _sender = sender;
        _router = router;
        _time = timeProvider;
        _logger = logger;
        _timings = timings ?? TelegramTimings.Default;
    }

    /// <summary>Where the transport is.</summary>
    public TelegramTransportState State => _state;

    /// <summary>The bot's username from getMe (without <c>@</c>), once known.</summary>
    public string? BotUsername => _username;

    /// <summary>Updates received from getUpdates so far.</summary>
    public long UpdatesReceived => Interlocked.Read(ref _updatesReceived);

    /// <summary>
    /// What is wrong right now (another instance polling the same bot (409), the Bot API unreachable, the token
    /// refused), or null when all is well. Alert on it through another channel.
    /// </summary>
    public string? Problem
    {
        get
        {
            lock (_problemLock)
                return _problem;
        }
    }

    /// <summary>Called once each time a new problem starts (see <see cref="Problem"/>); independent of the alert channels.</summary>
    public Action<string>? OnProblem { get; set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!_options.HasToken)
        {
            LogOff(_logger);
            return;
        }
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            foreach (var (key, message) in problems)
                LogBadSetting(_logger, key.Replace(":", "__", StringComparison.Ordinal), message);
            return;
        }
        if (_options.TokenFoundInFile is { } file)
            LogTokenInFile(_logger, file);

        _state = TelegramTransportState.Starting;
        try
        {
            var me = await ConnectAsync(stoppingToken);
            if (me is null)
                return;
            _username = me.Username;
            await PrepareAsync(stoppingToken);
            if (_router is null)
            {
                LogNoRouter(_logger);
                return;
            }
            _state = TelegramTransportState.Running;
            LogRunning(_logger, me.Username ?? me.FirstName, me.Id, _options.ParsedAlertChatIds().Count);
            var workers = Enumerable.Range(0, Math.Clamp(_options.MaxConcurrentUpdates, 1, 64)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)).ToList();
            var offset = await PollAsync(stoppingToken);
            _work.Writer.TryComplete();
            await Task.WhenAll(workers);
            await ConfirmAsync(offset);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Never let Telegram take the host down (a faulted hosted service stops the host by default).
            LogHandleFailed(_logger, 0, ex.GetType().Name, TelegramBotClient.Redact(ex.Message, _options.Token));
            SetProblem($"Telegram: the transport stopped on an unexpected {ex.GetType().Name}; commands over Telegram are not answered until a restart.");
        }
        finally
        {
            if (_state is TelegramTransportState.Starting or TelegramTransportState.Running)
                _state = TelegramTransportState.Stopped;
        }
    }

    /// <summary>getMe until it answers; null when the token is refused.</summary>
    private async Task<TelegramUser?> ConnectAsync(CancellationToken stoppingToken)
    {
        var backoff = new TelegramBackoff(_timings);
        var failures = 0;
        while (true)
        {
            try
            {
                return await _api.GetMeAsync(stoppingToken);
            }
            catch (TelegramApiException ex) when (ex.IsUnauthorized)
            {
                var message = $"Telegram: the bot token was refused ({ex.ErrorCode})";
                LogTokenRefused(_logger, message);
                _sender.MarkRefused(message);
                _state = TelegramTransportState.Refused;
                SetProblem(message + ". Check Telegram__BotToken; Telegram is off, everything else keeps running.");
                return null;
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 429)
            {
                await Task.Delay(ex.RetryAfter ?? TimeSpan.FromSeconds(1), _time, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                var description = ex is TelegramApiException api ? Describe(api) : $"{ex.GetType().Name}: {TelegramBotClient.Redact(ex.Message, _options.Token)}";
                LogConnectFailed(_logger, description, delay.TotalSeconds);
                if (++failures == 3)
                    SetProblem($"Telegram: cannot reach the Bot API ({description}); commands and alerts over Telegram are not working.");
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }

    /// <summary>deleteWebhook and setMyCommands: failures are logged, never fatal.</summary>
    private async Task PrepareAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _api.DeleteWebhookAsync(false, stoppingToken);
        }
        catch (TelegramApiException ex)
        {
            LogPrepareFailed(_logger, "deleteWebhook", ex.ErrorCode, ex.Description);
        }
        if (_router is null)
            return;
        try
        {
            var commands = _router.Commands
                .Where(c => c.Name.Length is > 0 and <= 32)
                .Select(c => new TelegramBotCommand(c.Name, Truncate(c.Description, 256)))
                .Take(100)
                .ToList();
            await _api.SetMyCommandsAsync(commands, stoppingToken);
        }
        catch (TelegramApiException ex)
        {
            LogPrepareFailed(_logger, "setMyCommands", ex.ErrorCode, ex.Description);
        }
    }

    /// <summary>The poll loop: fetch, hand each update to the workers, confirm by offset. Returns the offset to confirm.</summary>
    private async Task<long?> PollAsync(CancellationToken stoppingToken)
    {
        long? offset = null;
        var backoff = new TelegramBackoff(_timings);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<TelegramUpdate> updates;
            try
            {
                updates = await _api.GetUpdatesAsync(offset, _options.EffectivePollTimeoutSeconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (TelegramApiException ex) when (ex.IsUnauthorized)
            {
                var message = $"Telegram: the bot token was refused ({ex.ErrorCode})";
                LogTokenRefused(_logger, message);
                _sender.MarkRefused(message);
                _state = TelegramTransportState.Refused;
                SetProblem(message + ". Check Telegram__BotToken; Telegram is off, everything else keeps running.");
                return offset;
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 429)
            {
                _sender.Limiter.Pause(ex.RetryAfter ?? TimeSpan.FromSeconds(1));
                await Delay(ex.RetryAfter ?? TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 409)
            {
                var delay = backoff.Next();
                LogConflict(_logger, ex.Description, delay.TotalSeconds);
                SetProblem("Telegram: another instance is polling this bot (409 Conflict): only one process may use a bot token. Stop the other one (or give it its own bot); until then commands may go to it instead of this one.");
                await Delay(delay, stoppingToken);
                continue;
            }
            catch (Exception ex)
            {
                // Network failures, 5xx, anything unexpected: back off and keep going.
                var delay = backoff.Next();
                var description = ex is TelegramApiException api ? Describe(api) : $"{ex.GetType().Name}: {TelegramBotClient.Redact(ex.Message, _options.Token)}";
                LogPollFailed(_logger, description, delay.TotalSeconds);
                if (++failures == 3)
                    SetProblem($"Telegram: cannot reach the Bot API ({description}); commands over Telegram are not working.");
                await Delay(delay, stoppingToken);
                continue;
            }

            backoff.Reset();
            failures = 0;
            ClearProblem();
            foreach (var update in updates)
            {
                if (offset is { } known && update.UpdateId < known)
                    continue; // Already handed over.
                offset = update.UpdateId + 1;
                Interlocked.Increment(ref _updatesReceived);
                if (!_work.Writer.TryWrite(update))
                {
                    // Workers are saturated: wait for room rather than lose a command (polling resumes as soon as one frees up).
                    LogBusy(_logger, QueueCapacity);
                    await _work.Writer.WriteAsync(update, stoppingToken);
                }
            }
        }
        return offset;
    }

    /// <summary>
    /// Confirms, on the way out, every update a worker took, so a restart does not run the same commands again. Updates
    /// still waiting for a worker are left unconfirmed: the next start gets them again.
    /// </summary>
    private async Task ConfirmAsync(long? offset)
    {
        var started = Interlocked.Read(ref _lastStarted);
        if (offset is null || started < 0 || _state == TelegramTransportState.Refused)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
            await _api.GetUpdatesAsync(Math.Min(offset.Value, started + 1), 0, timeout.Token);
        }
        catch (Exception ex) when (ex is TelegramApiException or OperationCanceledException)
        {
            LogConfirmFailed(_logger, ex.Message);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in _work.Reader.ReadAllAsync(stoppingToken))
            {
                // Updates leave the queue in order, so every id up to this one has been taken by a worker.
                var seen = Interlocked.Read(ref _lastStarted);
                while (update.UpdateId > seen && Interlocked.CompareExchange(ref _lastStarted, update.UpdateId, seen) != seen)
                    seen = Interlocked.Read(ref _lastStarted);
                try
                {
                    await HandleAsync(update, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    LogHandleFailed(_logger, update.UpdateId, ex.GetType().Name, TelegramBotClient.Redact(ex.Message, _options.Token));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Handles one update (a message or a button press).</summary>
    internal Task HandleAsync(TelegramUpdate update, CancellationToken cancellationToken)
    {
        if (update.Message is { } message)
            return HandleMessageAsync(message, cancellationToken);
        if (update.CallbackQuery is { } query)
            return HandleCallbackAsync(query, cancellationToken);
        return Task.CompletedTask;
    }

    private async Task HandleMessageAsync(TelegramMessage message, CancellationToken cancellationToken)
    {
        if (_router is null || message.Text is not { } text || message.From is not { IsBot: false } from)
            return;
        text = text.Trim();
        if (!text.StartsWith('/') || !IsForUs(text))
            return;

        var reply = await _router.ExecuteAsync(new Caller("telegram", from.Id.ToString(CultureInfo.InvariantCulture)), text, cancellationToken);
        if (reply is null)
            return; // Unknown user: nothing at all.

        var chatId = message.Chat.Id;
        _sender.Unblock(chatId);
        if (!_chatsSeen.TryGet(chatId, out _))
        {
            _chatsSeen.Set(chatId, true);
            var title = new string([.. (message.Chat.Title ?? string.Empty).Take(64).Select(c => char.IsControl(c) ? ' ' : c)]);
            LogChatSeen(_logger, chatId, message.Chat.Type, title);
        }
        var parts = TelegramFormatter.FormatReply(reply);
        var keyboard = TelegramKeyboard.FromButtons(reply.Buttons);
        var inGroup = message.Chat.Type != "private";
        var outgoing = parts.Select((html, i) => new TelegramOutgoingMessage
        {
            Text = html,
            Keyboard = i == parts.Count - 1 ? keyboard : null,
            ReplyToMessageId = inGroup && i == 0 ? message.MessageId : null,
        }).ToList();
        var result = await _sender.SendAsync(chatId, outgoing, isAlert: false, cancellationToken);
        if (keyboard is not null && result.MessageIds.Count == outgoing.Count)
            _requesters.Set((chatId, result.MessageIds[^1]), from.Id);
        if (!result.Ok)
            LogReplyFailed(_logger, chatId, result.Detail);
    }

    private async Task HandleCallbackAsync(TelegramCallbackQuery query, CancellationToken cancellationToken)
    {
        if (_router is null || query.From is not { IsBot: false } from)
            return;
        var command = TelegramKeyboard.ToCommand(query.Data);
        if (command is null)
            return; // Not one of our buttons: nothing to run, nothing to say.

        var message = query.Message;
        var key = (message?.Chat.Id ?? 0, message?.MessageId ?? 0);
        var gate = _messageLocks[(int)((uint)key.GetHashCode() % (uint)_messageLocks.Length)];
        // Presses on the same message are handled one after another, so a double tap cannot overwrite the outcome.
        // A press that finds another one still running (a confirmed flatten can take seconds) waits a little, then
        // goes ahead without touching the message: it is a duplicate, and the router refuses and audits it.
        var entered = await TryEnterAsync(gate, cancellationToken);
        try
        {
            var reply = await _router.ExecuteAsync(new Caller("telegram", from.Id.ToString(CultureInfo.InvariantCulture)), command, cancellationToken);
            if (reply is null)
                return; // Unknown user: nothing at all, not even an answer to the press.

            // The preview is replaced by the outcome only for a press by the person who asked (when known) and only
            // once: a refused press by someone else, or a second press, is answered to the presser alone.
            var requester = _requesters.TryGet(key, out var asked) ? asked : message?.ReplyToMessage?.From?.Id;
            var edit = entered && message is not null && !_finalized.TryGet(key, out _) && (requester is null || requester == from.Id);
            await AnswerAsync(query.Id, reply, showAlert: !edit, cancellationToken);
            if (!edit || message is null)
                return;

            _finalized.Set(key, true);
            var label = message.ReplyMarkup?.InlineKeyboard.SelectMany(r => r).FirstOrDefault(b => b.CallbackData == query.Data)?.Text;
            var parts = TelegramFormatter.FormatOutcome(reply, message.Text, label);
            var edited = await _sender.EditAsync(message.Chat.Id, message.MessageId, parts[0], cancellationToken);
            if (!edited.Ok)
                LogReplyFailed(_logger, message.Chat.Id, edited.Detail);
            if (parts.Count > 1)
            {
                var rest = await _sender.SendAsync(message.Chat.Id, [.. parts.Skip(1).Select(p => new TelegramOutgoingMessage { Text = p })], isAlert: false, cancellationToken);
                if (!rest.Ok)
                    LogReplyFailed(_logger, message.Chat.Id, rest.Detail);
            }
        }
        finally
        {
            if (entered)
                gate.Release();
        }
    }

    private async Task<bool> TryEnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, patience.Token);
        try
        {
            await gate.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task AnswerAsync(string callbackQueryId, Reply reply, bool showAlert, CancellationToken cancellationToken)
    {
        var text = reply.Lines.Count > 0 && reply.Severity == ReplySeverity.Warning ? $"{reply.Title}: {reply.Lines[0]}" : reply.Title;
        try
        {
            await _api.AnswerCallbackQueryAsync(callbackQueryId, Truncate(text, 200), showAlert, cancellationToken);
        }
        catch (TelegramApiException ex)
        {
            // Too old to answer, or a network failure: the message edit still shows the outcome.
            LogAnswerFailed(_logger, ex.ErrorCode, ex.Description);
        }
    }

    private bool IsForUs(string text)
    {
        var parsed = CommandParser.Parse(text, out _);
        string? botName;
        if (parsed is not null)
        {
            botName = parsed.BotName;
        }
        else
        {
            var end = text.AsSpan().IndexOfAny(" \n\t\r");
            var head = end < 0 ? text : text[..end];
            var at = head.IndexOf('@', StringComparison.Ordinal);
            botName = at < 0 ? null : head[(at + 1)..];
        }
        return botName is null || (_username is not null && botName.Equals(_username, StringComparison.OrdinalIgnoreCase));
    }

    private Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);

    private void SetProblem(string problem)
    {
        lock (_problemLock)
        {
            _problemSeen = _time.GetUtcNow();
            if (_problem == problem)
                return;
            _problem = problem;
        }
        try
        {
            OnProblem?.Invoke(problem);
        }
        catch (Exception ex)
        {
            LogHandleFailed(_logger, 0, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Polling worked: the problem is over once it has not been seen for a while.</summary>
    private void ClearProblem()
    {
        string? was;
        lock (_problemLock)
        {
            if (_problem is null || _time.GetUtcNow() - _problemSeen < _timings.ProblemClearAfter)
                return;
            was = _problem;
            _problem = null;
        }
        if (was is not null)
            LogRecovered(_logger);
    }

    private static string Describe(TelegramApiException ex) => ex.ErrorCode == 0 ? ex.Description : $"{ex.ErrorCode}: {ex.Description}";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Telegram is off. To turn it on set Telegram__BotToken (from @BotFather), Telegram__Users__0__Id and Telegram__Users__0__Role (your numeric user id and viewer|operator|admin), and Telegram__AlertChatIds__0 (a chat for alerts), in the environment or .env")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Telegram is off: {Key} {Message}")]
    private static partial void LogBadSetting(ILogger logger, string key, string message);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "{Message}. Check Telegram__BotToken (ask @BotFather for the bot's token); Telegram stays off, everything else keeps running.")]
    private static partial void LogTokenRefused(ILogger logger, string message);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Telegram: getMe failed ({Description}); trying again in {Seconds:0.0} s")]
    private static partial void LogConnectFailed(ILogger logger, string description, double seconds);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Telegram: {Method} failed ({Code}: {Description}); carrying on")]
    private static partial void LogPrepareFailed(ILogger logger, string method, int code, string description);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Telegram: connected as @{Username} (bot id {BotId}); answering configured users only; alerts to {AlertChats} chat(s)")]
    private static partial void LogRunning(ILogger logger, string username, long botId, int alertChats);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Telegram: another instance is polling this bot (409 Conflict: {Description}). Only one process may use a bot token; trying again in {Seconds:0.0} s")]
    private static partial void LogConflict(ILogger logger, string description, double seconds);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Telegram: getUpdates failed ({Description}); trying again in {Seconds:0.0} s")]
    private static partial void LogPollFailed(ILogger logger, string description, double seconds);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Telegram: {Capacity} updates are waiting for a worker; polling waits for room")]
    private static partial void LogBusy(ILogger logger, int capacity);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Error, Message = "Telegram: update {UpdateId} failed with {Type}: {Message}")]
    private static partial void LogHandleFailed(ILogger logger, long updateId, string type, string message);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Telegram: the reply to chat {ChatId} was not delivered: {Detail}")]
    private static partial void LogReplyFailed(ILogger logger, long chatId, string detail);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug, Message = "Telegram: answerCallbackQuery failed ({Code}: {Description})")]
    private static partial void LogAnswerFailed(ILogger logger, int code, string description);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "Telegram: polling works again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "Telegram: trading did not start, so commands cannot be answered; alerts still go out")]
    private static partial void LogNoRouter(ILogger logger);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Debug, Message = "Telegram: could not confirm the last updates on the way out: {Message}")]
    private static partial void LogConfirmFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 7017, Level = LogLevel.Information, Message = "Telegram: first command from chat {ChatId} ({Type} \"{Title}\")")]
    private static partial void LogChatSeen(ILogger logger, long chatId, string type, string title);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Warning, Message = "Telegram: the bot token is set in {File}. It is a secret: keep it in the environment or .env (Telegram__BotToken), never in a committed file")]
    private static partial void LogTokenInFile(ILogger logger, string file);
}

/// <summary>A small thread-safe map that forgets its oldest entries past a capacity.</summary>
internal sealed class BoundedMap<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, TValue> _map = [];
    private readonly Queue<TKey> _order = new();

    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (!_map.ContainsKey(key))
            {
                _order.Enqueue(key);
                while (_order.Count > capacity)
                    _map.Remove(_order.Dequeue());
            }
            _map[key] = value;
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
            return _map.TryGetValue(key, out value!);
    }
}
