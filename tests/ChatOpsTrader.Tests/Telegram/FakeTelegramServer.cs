using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Telegram;

/// <summary>Limits the fake enforces with 429s (like Telegram: one per chat per interval with bursts, N per group window, N overall).</summary>
public sealed record FakeLimits(TimeSpan PerChatInterval, int PerChatBurst, TimeSpan GroupWindow, int GroupMax, TimeSpan GlobalWindow, int GlobalMax)
{
    /// <summary>Telegram's published limits, scaled, with <paramref name="slack"/> extra burst for scheduling jitter on a shared machine.</summary>
    public static FakeLimits Telegram(double scale = 1, int slack = 0) => new(
        TimeSpan.FromSeconds(scale), 3 + slack, TimeSpan.FromMinutes(scale), 20 + slack, TimeSpan.FromSeconds(scale), 30 + slack);
}

/// <summary>A message the fake holds (as Telegram would show it).</summary>
public sealed class FakeMessage
{
    public long ChatId { get; init; }

    public long MessageId { get; init; }

    /// <summary>The raw text as sent (HTML).</summary>
    public string Raw { get; set; } = string.Empty;

    /// <summary>What a person sees (tags removed, entities decoded).</summary>
    public string Visible { get; set; } = string.Empty;

    public string? ParseMode { get; set; }

    /// <summary>The inline keyboard (null when there are no buttons).</summary>
    public JsonArray? Keyboard { get; set; }

    public long? ReplyTo { get; init; }

    public bool Silent { get; init; }

    public int Edits { get; set; }

    public DateTimeOffset At { get; init; }

    public IReadOnlyList<string> CallbackData => Keyboard is null ? [] : [.. Keyboard.SelectMany(r => r!.AsArray()).Select(b => (string?)b!["callback_data"]).OfType<string>()];

    public IReadOnlyList<string> ButtonLabels => Keyboard is null ? [] : [.. Keyboard.SelectMany(r => r!.AsArray()).Select(b => (string?)b!["text"] ?? string.Empty)];
}

/// <summary>One API call the fake received.</summary>
public sealed record FakeCall(string Method, long? ChatId, int Status, DateTimeOffset At, string? Description);

/// <summary>An answerCallbackQuery the fake received.</summary>
public sealed record FakeAnswer(string CallbackQueryId, string? Text, bool ShowAlert);

/// <summary>
/// A local Telegram Bot API of our own on 127.0.0.1 (Kestrel), speaking the real protocol: <c>/bot{token}/{method}</c>
/// with JSON, form or query parameters, the <c>{ok,result}</c> / <c>{ok:false,error_code,description,parameters}</c>
/// envelope, getUpdates with long polling and offset confirmation (a newer poll ends an older one with 409), HTML
/// parse mode checked like Telegram (unknown tags, unbalanced tags, raw &lt; &amp; &gt;, more than 4,096 visible
/// characters, callback_data over 64 bytes: 400), 429 when a client goes over the limits, and switchable failures.
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    public const string DefaultToken = "123456:TEST-Secret_token-0123456789abcdef";

    private static readonly HashSet<string> AllowedTags = new(StringComparer.OrdinalIgnoreCase) { "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "tg-spoiler", "blockquote", "span", "tg-emoji" };
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private readonly Dictionary<(long, long), FakeMessage> _messages = [];
    private readonly Dictionary<string, Queue<(int Code, string Description, int? RetryAfter, long? ChatId, long? MigrateTo)>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, DateTimeOffset?> _chatTat = [];
    private readonly Dictionary<long, Queue<DateTimeOffset>> _groupLog = [];
    private readonly Queue<DateTimeOffset> _globalLog = new();
    private readonly HashSet<string> _openCallbacks = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FakeCall> _calls = [];
    private readonly List<FakeMessage> _sent = [];
    private readonly List<FakeAnswer> _answers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _pendingPoll;
    private long _nextUpdateId = 5000;
    private long _nextMessageId = 1;
    private long _confirmed;

    private FakeTelegramServer(WebApplication app, string token, TimeProvider clock)
    {
        _app = app;
        Token = token;
        Clock = clock;
    }

    public string Token { get; }

    public TimeProvider Clock { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public long BotId { get; } = 123456;

    public string BotUsername { get; set; } = "OurBot";

    /// <summary>Limits enforced with 429 (null: none).</summary>
    public FakeLimits? Limits { get; set; }

    /// <summary>Every getUpdates answers 409 (another instance is polling); switching it on ends a waiting poll with 409, as a poll by another instance does.</summary>
    public bool Conflict
    {
        get
        {
            lock (_lock)
                return _conflict;
        }
        set
        {
            lock (_lock)
            {
                _conflict = value;
                if (value)
                    _pendingPoll?.TrySetResult();
            }
        }
    }

    private bool _conflict;

    /// <summary>Chats that blocked the bot or kicked it: 403.</summary>
    public HashSet<long> ForbiddenChats { get; } = [];

    /// <summary>Every call so far (a snapshot).</summary>
    public FakeCall[] Calls
    {
        get
        {
            lock (_lock)
                return [.. _calls];
        }
    }

    /// <summary>Every message sent so far, in order (a snapshot; the messages themselves change when edited).</summary>
    public FakeMessage[] Sent
    {
        get
        {
            lock (_lock)
                return [.. _sent];
        }
    }

    /// <summary>Every answerCallbackQuery so far (a snapshot).</summary>
    public FakeAnswer[] Answers
    {
        get
        {
            lock (_lock)
                return [.. _answers];
        }
    }

    public JsonArray? Commands { get; private set; }

    /// <summary>getUpdates calls received so far (counted when they arrive, before the long poll ends).</summary>
    public int PollsStarted { get; private set; }

    /// <summary>429s returned because a client went over a limit.</summary>
    public int LimitViolations { get; private set; }

    /// <summary>The highest offset a client confirmed.</summary>
    public long ConfirmedOffset
    {
        get
        {
            lock (_lock)
                return _confirmed;
        }
    }

    public static async Task<FakeTelegramServer> StartAsync(string token = DefaultToken, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeTelegramServer(app, token, clock ?? TimeProvider.System);
        app.Map("/bot{token}/{method}", server.HandleAsync);
        app.MapFallback(context => server.WriteAsync(context, Error(404, "Not Found")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    // ----- what a test does -----

    /// <summary>Queues a text message from a user; returns its update id.</summary>
    public long PushMessage(long fromId, string text, long? chatId = null, string? chatType = null, long? replyToMessageId = null, string? username = null, string? firstName = null)
    {
        var chat = chatId ?? fromId;
        var from = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = firstName ?? $"User{fromId}" };
        if (username is not null)
            from["username"] = username;
        var message = new JsonObject
        {
            ["message_id"] = NextMessageId(),
            ["from"] = from,
            ["chat"] = new JsonObject { ["id"] = chat, ["type"] = chatType ?? (chat > 0 ? "private" : "supergroup") },
            ["date"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["text"] = text,
        };
        if (replyToMessageId is { } r)
            message["reply_to_message"] = new JsonObject { ["message_id"] = r, ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private" }, ["date"] = 0 };
        return PushUpdate("message", message);
    }

    /// <summary>Queues a press on a button of a message we sent; returns the callback query id.</summary>
    public string PushCallback(long fromId, FakeMessage message, string data)
    {
        var id = "cb" + Interlocked.Increment(ref _nextUpdateId).ToString(CultureInfo.InvariantCulture);
        JsonObject payload;
        lock (_lock)
        {
            _openCallbacks.Add(id);
            var msg = MessageJson(message);
            if (message.ReplyTo is { } replyTo && _requestersByMessage.TryGetValue((message.ChatId, replyTo), out var requester))
                msg["reply_to_message"] = new JsonObject { ["message_id"] = replyTo, ["from"] = new JsonObject { ["id"] = requester, ["is_bot"] = false, ["first_name"] = "U" }, ["chat"] = new JsonObject { ["id"] = message.ChatId, ["type"] = "supergroup" }, ["date"] = 0 };
            payload = new JsonObject
            {
                ["id"] = id,
                ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = $"User{fromId}" },
                ["message"] = msg,
                ["chat_instance"] = "ci" + message.ChatId.ToString(CultureInfo.InvariantCulture),
                ["data"] = data,
            };
        }
        PushUpdate("callback_query", payload);
        return id;
    }

    private readonly Dictionary<(long, long), long> _requestersByMessage = [];

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> (for one chat, or any) fail; code 0 drops the connection.</summary>
    public void FailNext(string method, int code, string description, int? retryAfter = null, int times = 1, long? chatId = null, long? migrateTo = null)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(method, out var queue))
                _failures[method] = queue = new();
            for (var i = 0; i < times; i++)
                queue.Enqueue((code, description, retryAfter, chatId, migrateTo));
        }
    }

    public FakeMessage[] MessagesIn(long chatId)
    {
        lock (_lock)
            return [.. _sent.Where(m => m.ChatId == chatId)];
    }

    public FakeCall[] CallsOf(string method)
    {
        lock (_lock)
            return [.. _calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase))];
    }

    public FakeAnswer[] AnswersSnapshot()
    {
        lock (_lock)
            return [.. _answers];
    }

    /// <summary>Waits until <paramref name="probe"/> returns something (checked after every call the fake handles).</summary>
    public async Task<T> WaitForAsync<T>(Func<FakeTelegramServer, T?> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_lock)
                changed = _changed.Task;
            // Probed outside the lock (the snapshots lock themselves); a change after this point completes `changed`.
            var found = probe(this);
            if (found is not null)
                return found;
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return probe(this) ?? throw new TimeoutException($"The fake Telegram server did not see {what ?? "what the test waited for"} in time. Calls: {string.Join(", ", Calls.TakeLast(20).Select(c => $"{c.Method}:{c.Status}"))}");
            }
        }
    }

    public Task WaitUntilAsync(Func<FakeTelegramServer, bool> condition, TimeSpan? timeout = null, string? what = null) =>
        WaitForAsync(s => condition(s) ? this : null, timeout, what);

    /// <summary>Waits for the next message sent to a chat after <paramref name="after"/> messages.</summary>
    public Task<FakeMessage> NextMessageAsync(long chatId, int after, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Sent.Where(m => m.ChatId == chatId).Skip(after).FirstOrDefault(), timeout, $"a message in chat {chatId}");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    // ----- the Bot API -----

    private async Task HandleAsync(HttpContext context)
    {
        var token = (string)context.Request.RouteValues["token"]!;
        var method = (string)context.Request.RouteValues["method"]!;
        JsonObject parameters;
        try
        {
            parameters = await ReadParametersAsync(context.Request);
        }
        catch (JsonException)
        {
            await WriteAsync(context, Error(400, "Bad Request: can't parse JSON"));
            return;
        }
        if (token != Token)
        {
            Record(method, parameters, 401, "Unauthorized");
            await WriteAsync(context, Error(401, "Unauthorized"));
            return;
        }

        var chatId = TryLong(parameters["chat_id"]);
        (int Code, string Description, int? RetryAfter, long? ChatId, long? MigrateTo)? failure = null;
        lock (_lock)
        {
            if (_failures.TryGetValue(method, out var queue) && queue.TryPeek(out var next) && (next.ChatId is null || next.ChatId == chatId))
                failure = queue.Dequeue();
        }
        if (failure is { } f)
        {
            Record(method, parameters, f.Code, f.Description);
            if (f.Code == 0)
            {
                context.Abort();
                return;
            }
            var error = Error(f.Code, f.Description, f.RetryAfter);
            if (f.MigrateTo is { } migrateTo)
                error["parameters"] = new JsonObject { ["migrate_to_chat_id"] = migrateTo };
            await WriteAsync(context, error);
            return;
        }

        JsonObject reply = method.ToLowerInvariant() switch
        {
            "getme" => Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "ChatOps", ["username"] = BotUsername }),
            "deletewebhook" => Ok(true),
            "setmycommands" => SetMyCommands(parameters),
            "getupdates" => await GetUpdatesAsync(parameters, context.RequestAborted),
            "sendmessage" => SendMessage(parameters),
            "editmessagetext" => EditMessageText(parameters),
            "answercallbackquery" => AnswerCallbackQuery(parameters),
            _ => Error(404, "Not Found: method not found"),
        };
        var status = reply["ok"]!.GetValue<bool>() ? 200 : (int)reply["error_code"]!;
        Record(method, parameters, status, (string?)reply["description"]);
        await WriteAsync(context, reply);
    }

    private JsonObject SetMyCommands(JsonObject p)
    {
        if (p["commands"] is not JsonArray commands || commands.Count > 100)
            return Error(400, "Bad Request: commands must be an array of at most 100");
        foreach (var c in commands)
        {
            var name = (string?)c?["command"] ?? string.Empty;
            var description = (string?)c?["description"] ?? string.Empty;
            if (name.Length is 0 or > 32 || !name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
                return Error(400, "Bad Request: BOT_COMMAND_INVALID");
            if (description.Length is 0 or > 256)
                return Error(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
        }
        lock (_lock)
            Commands = commands.DeepClone().AsArray();
        return Ok(true);
    }

    private async Task<JsonObject> GetUpdatesAsync(JsonObject p, CancellationToken aborted)
    {
        var offset = TryLong(p["offset"]);
        var limit = (int)Math.Clamp(TryLong(p["limit"]) ?? 100, 1, 100);
        var timeout = Math.Clamp(TryLong(p["timeout"]) ?? 0, 0, 50);
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task changed;
        lock (_lock)
        {
            PollsStarted++;
            Signal();
            if (offset is { } o)
            {
                _confirmed = Math.Max(_confirmed, o);
                _updates.RemoveAll(u => (long)u["update_id"]! < o);
            }
            if (_conflict)
                return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            _pendingPoll?.TrySetResult();
            _pendingPoll = terminated;
            changed = _changed.Task;
        }
        var deadline = Task.Delay(TimeSpan.FromSeconds(timeout), TimeProvider.System, _stopping.Token);
        var abortedTask = Task.Delay(Timeout.Infinite, aborted);
        while (true)
        {
            lock (_lock)
            {
                var ready = _updates.Take(limit).Select(u => u.DeepClone()).ToArray();
                if (ready.Length > 0 || deadline.IsCompleted || aborted.IsCancellationRequested || _stopping.IsCancellationRequested)
                {
                    if (_pendingPoll == terminated)
                        _pendingPoll = null;
                    return Ok(new JsonArray(ready));
                }
                changed = _changed.Task;
            }
            var first = await Task.WhenAny(changed, deadline, terminated.Task, abortedTask);
            if (first == terminated.Task)
                return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
        }
    }

    private JsonObject SendMessage(JsonObject p)
    {
        if (TryLong(p["chat_id"]) is not { } chatId)
            return Error(400, "Bad Request: chat not found");
        var text = (string?)p["text"] ?? string.Empty;
        var parseMode = (string?)p["parse_mode"];
        if (Validate(text, parseMode, p["reply_markup"], out var visible, out var keyboard) is { } error)
            return error;
        lock (_lock)
        {
            if (ForbiddenChats.Contains(chatId))
                return Error(403, chatId > 0 ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the supergroup chat");
            if (OverLimit(chatId) is { } tooMany)
                return tooMany;
            var message = new FakeMessage
            {
                ChatId = chatId,
                MessageId = _nextMessageId++,
                Raw = text,
                Visible = visible,
                ParseMode = parseMode,
                Keyboard = keyboard,
                ReplyTo = TryLong(p["reply_parameters"]?["message_id"]),
                Silent = p["disable_notification"] is JsonValue v && v.GetValueKind() == JsonValueKind.True,
                At = Clock.GetUtcNow(),
            };
            _messages[(chatId, message.MessageId)] = message;
            _sent.Add(message);
            return Ok(MessageJson(message));
        }
    }

    private JsonObject EditMessageText(JsonObject p)
    {
        if (TryLong(p["chat_id"]) is not { } chatId || TryLong(p["message_id"]) is not { } messageId)
            return Error(400, "Bad Request: message identifier is not specified");
        var text = (string?)p["text"] ?? string.Empty;
        var parseMode = (string?)p["parse_mode"];
        if (Validate(text, parseMode, p["reply_markup"], out var visible, out var keyboard) is { } error)
            return error;
        lock (_lock)
        {
            if (ForbiddenChats.Contains(chatId))
                return Error(403, "Forbidden: bot was blocked by the user");
            if (!_messages.TryGetValue((chatId, messageId), out var message))
                return Error(400, "Bad Request: message to edit not found");
            if (message.Raw == text && (message.Keyboard?.ToJsonString() ?? "[]") == (keyboard?.ToJsonString() ?? "[]"))
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            if (OverLimit(chatId) is { } tooMany)
                return tooMany;
            message.Raw = text;
            message.Visible = visible;
            message.ParseMode = parseMode;
            message.Keyboard = keyboard;
            message.Edits++;
            return Ok(MessageJson(message));
        }
    }

    private JsonObject AnswerCallbackQuery(JsonObject p)
    {
        var id = (string?)p["callback_query_id"] ?? string.Empty;
        var text = (string?)p["text"];
        if (text is { Length: > 200 })
            return Error(400, "Bad Request: MESSAGE_TOO_LONG");
        lock (_lock)
        {
            if (!_openCallbacks.Remove(id))
                return Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
            _answers.Add(new FakeAnswer(id, text, p["show_alert"] is JsonValue v && v.GetValueKind() == JsonValueKind.True));
        }
        return Ok(true);
    }

    /// <summary>Checks text and markup as Telegram does; returns the error reply or null.</summary>
    private static JsonObject? Validate(string text, string? parseMode, JsonNode? markup, out string visible, out JsonArray? keyboard)
    {
        keyboard = null;
        visible = text;
        if (parseMode is not null)
        {
            if (!parseMode.Equals("HTML", StringComparison.OrdinalIgnoreCase))
                return Error(400, "Bad Request: unsupported parse_mode");
            if (ParseHtml(text, out visible) is { } problem)
                return Error(400, "Bad Request: can't parse entities: " + problem);
        }
        if (visible.Trim().Length == 0)
            return Error(400, "Bad Request: message text is empty");
        if (visible.Length > 4096)
            return Error(400, "Bad Request: message is too long");
        if (markup is not null)
        {
            if (markup["inline_keyboard"] is not JsonArray rows)
                return Error(400, "Bad Request: inline keyboard expected");
            foreach (var row in rows)
            {
                if (row is not JsonArray buttons)
                    return Error(400, "Bad Request: inline keyboard rows must be arrays");
                foreach (var button in buttons)
                {
                    var data = (string?)button?["callback_data"];
                    if (string.IsNullOrEmpty((string?)button?["text"]))
                        return Error(400, "Bad Request: BUTTON_TEXT_INVALID");
                    if (data is null || Encoding.UTF8.GetByteCount(data) is 0 or > 64)
                        return Error(400, "Bad Request: BUTTON_DATA_INVALID");
                    if (button?["style"] is { } style && (string?)style is not ("danger" or "success" or "primary"))
                        return Error(400, "Bad Request: BUTTON_STYLE_INVALID");
                }
            }
            keyboard = rows.Count == 0 ? null : rows.DeepClone().AsArray();
        }
        return null;
    }

    /// <summary>Parses Telegram's HTML subset; returns a problem or null, and the visible text.</summary>
    public static string? ParseHtml(string html, out string visible)
    {
        var sb = new StringBuilder();
        var stack = new Stack<string>();
        visible = string.Empty;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                    return $"unclosed start tag at byte offset {i}";
                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0].ToLowerInvariant();
                if (!AllowedTags.Contains(name))
                    return $"unsupported start tag \"{name}\" at byte offset {i}";
                if (closing)
                {
                    if (stack.Count == 0 || stack.Pop() != name)
                        return $"unexpected end tag at byte offset {i}";
                }
                else
                {
                    if (name == "pre" && stack.Contains("pre"))
                        return "nested pre";
                    stack.Push(name);
                }
                i = end;
                continue;
            }
            if (c == '>')
                return $"unexpected '>' at byte offset {i}";
            if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end < 0 || end - i > 10)
                    return $"unescaped '&' at byte offset {i}";
                var entity = html[(i + 1)..end];
                string? decoded = entity switch
                {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ when entity.StartsWith("#x", StringComparison.Ordinal) && int.TryParse(entity[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
                    _ when entity.StartsWith('#') && int.TryParse(entity[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var dec) => char.ConvertFromUtf32(dec),
                    _ => null,
                };
                if (decoded is null)
                    return $"unsupported entity \"&{entity};\" at byte offset {i}";
                sb.Append(decoded);
                i = end;
                continue;
            }
            sb.Append(c);
        }
        if (stack.Count > 0)
            return $"can't find end tag corresponding to start tag \"{stack.Peek()}\"";
        visible = sb.ToString();
        return null;
    }

    private JsonObject? OverLimit(long chatId)
    {
        if (Limits is not { } limits)
            return null;
        var now = Clock.GetUtcNow();
        var wait = TimeSpan.Zero;
        _chatTat.TryGetValue(chatId, out var tat);
        var tolerance = limits.PerChatInterval * (limits.PerChatBurst - 1);
        if (tat is { } t && t - tolerance > now)
            wait = t - tolerance - now;
        if (chatId < 0 && _groupLog.TryGetValue(chatId, out var log))
        {
            while (log.Count > 0 && log.Peek() <= now - limits.GroupWindow)
                log.Dequeue();
            if (log.Count >= limits.GroupMax)
                wait = Max(wait, log.Peek() + limits.GroupWindow - now);
        }
        while (_globalLog.Count > 0 && _globalLog.Peek() <= now - limits.GlobalWindow)
            _globalLog.Dequeue();
        if (_globalLog.Count >= limits.GlobalMax)
            wait = Max(wait, _globalLog.Peek() + limits.GlobalWindow - now);
        if (wait > TimeSpan.Zero)
        {
            LimitViolations++;
            var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
            return Error(429, $"Too Many Requests: retry after {seconds}", seconds);
        }
        _chatTat[chatId] = (tat is { } old && old > now ? old : now) + limits.PerChatInterval;
        if (chatId < 0)
        {
            if (!_groupLog.TryGetValue(chatId, out var group))
                _groupLog[chatId] = group = new();
            group.Enqueue(now);
        }
        _globalLog.Enqueue(now);
        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private long PushUpdate(string kind, JsonObject payload)
    {
        lock (_lock)
        {
            var id = ++_nextUpdateId;
            _updates.Add(new JsonObject { ["update_id"] = id, [kind] = payload });
            Signal();
            return id;
        }
    }

    private long NextMessageId()
    {
        lock (_lock)
            return _nextMessageId++;
    }

    /// <summary>Remembers who asked (for reply_to_message in callbacks, as Telegram includes it).</summary>
    public void RememberRequester(long chatId, long commandMessageId, long userId)
    {
        lock (_lock)
            _requestersByMessage[(chatId, commandMessageId)] = userId;
    }

    private JsonObject MessageJson(FakeMessage m)
    {
        var json = new JsonObject
        {
            ["message_id"] = m.MessageId,
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "ChatOps", ["username"] = BotUsername },
            ["chat"] = new JsonObject { ["id"] = m.ChatId, ["type"] = m.ChatId > 0 ? "private" : "supergroup" },
            ["date"] = m.At.ToUnixTimeSeconds(),
            ["text"] = m.Visible,
        };
        if (m.Keyboard is not null)
            json["reply_markup"] = new JsonObject { ["inline_keyboard"] = m.Keyboard.DeepClone() };
        return json;
    }

    private void Record(string method, JsonObject parameters, int status, string? description)
    {
        lock (_lock)
        {
            _calls.Add(new FakeCall(method, TryLong(parameters["chat_id"]), status, Clock.GetUtcNow(), description));
            Signal();
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var result = new JsonObject();
        foreach (var (key, value) in request.Query)
            result[key] = FromString(value.ToString());
        if (request.HasJsonContentType())
        {
            var body = await JsonNode.ParseAsync(request.Body);
            if (body is JsonObject obj)
            {
                foreach (var (key, value) in obj)
                    result[key] = value?.DeepClone();
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
                result[key] = FromString(value.ToString());
        }
        return result;
    }

    /// <summary>In form and query encoding, objects and arrays are JSON-serialized strings.</summary>
    private static JsonNode? FromString(string value) =>
        value.StartsWith('{') || value.StartsWith('[') ? JsonNode.Parse(value) : JsonValue.Create(value);

    private static long? TryLong(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<long>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static JsonObject Ok(JsonNode? result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description, int? retryAfter = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } r)
            error["parameters"] = new JsonObject { ["retry_after"] = r };
        return error;
    }

    private async Task WriteAsync(HttpContext context, JsonObject reply)
    {
        var ok = reply["ok"]!.GetValue<bool>();
        context.Response.StatusCode = ok ? 200 : (int)reply["error_code"]!;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.WriteAsync(reply.ToJsonString(), _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
