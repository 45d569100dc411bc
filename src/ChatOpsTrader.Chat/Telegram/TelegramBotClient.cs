using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>The Bot API methods the transport uses. Every failure is a <see cref="TelegramApiException"/> without the token in it.</summary>
public interface ITelegramApi
{
    /// <summary>getMe: the bot's own user (its username recognises <c>/cmd@BotName</c>).</summary>
    Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken);

    /// <summary>deleteWebhook: getUpdates is refused while a webhook is set.</summary>
    Task DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken);

    /// <summary>setMyCommands: the command menu.</summary>
    Task SetMyCommandsAsync(IReadOnlyList<TelegramBotCommand> commands, CancellationToken cancellationToken);

    /// <summary>getUpdates: long polling; <paramref name="offset"/> confirms every update before it.</summary>
    Task<IReadOnlyList<TelegramUpdate>> GetUpdatesAsync(long? offset, int timeoutSeconds, CancellationToken cancellationToken);

    /// <summary>sendMessage (link previews off).</summary>
    Task<TelegramMessage> SendMessageAsync(long chatId, TelegramOutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>editMessageText; a null or empty <paramref name="keyboard"/> removes the buttons.</summary>
    Task EditMessageTextAsync(long chatId, long messageId, string text, bool html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken);

    /// <summary>answerCallbackQuery: stops the spinner on the pressed button, optionally with a short text.</summary>
    Task AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken);
}

/// <summary>
/// A small Bot API client over <see cref="HttpClient"/> and System.Text.Json. The token is used only in the request
/// path <c>{base}/bot{token}/{method}</c>; every message that leaves this class is redacted.
/// </summary>
public sealed class TelegramBotClient : ITelegramApi
{
    /// <summary>The update kinds we ask for.</summary>
    public static IReadOnlyList<string> AllowedUpdates { get; } = ["message", "callback_query"];

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string _token;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the client. <paramref name="http"/> must have a <see cref="HttpClient.BaseAddress"/> (the Bot API base
    /// URL). With a missing or malformed token every call fails with 401 and nothing is sent.
    /// </summary>
    public TelegramBotClient(HttpClient http, string token, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(token);
        if (http.BaseAddress is null)
            throw new ArgumentException("The HttpClient needs a BaseAddress (Telegram:ApiBaseUrl).", nameof(http));
        token = token.Trim();
        _http = http;
        var root = http.BaseAddress.AbsoluteUri;
        _base = new Uri(root.EndsWith('/') ? root : root + "/");
        _token = token;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("getMe", null, RequestTimeout, cancellationToken);
        return Read(result, TelegramJsonContext.Default.TelegramUser, "getMe");
    }

    /// <inheritdoc />
    public Task DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        CallAsync("deleteWebhook", JsonContent.Create(new DeleteWebhookRequest(dropPendingUpdates), TelegramJsonContext.Default.DeleteWebhookRequest), RequestTimeout, cancellationToken);

    /// <inheritdoc />
    public Task SetMyCommandsAsync(IReadOnlyList<TelegramBotCommand> commands, CancellationToken cancellationToken) =>
        CallAsync("setMyCommands", JsonContent.Create(new SetMyCommandsRequest(commands), TelegramJsonContext.Default.SetMyCommandsRequest), RequestTimeout, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TelegramUpdate>> GetUpdatesAsync(long? offset, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var request = new GetUpdatesRequest(offset, 100, timeoutSeconds, AllowedUpdates);
        // The server holds the request up to timeoutSeconds: our own timeout must be longer.
        var result = await CallAsync("getUpdates", JsonContent.Create(request, TelegramJsonContext.Default.GetUpdatesRequest), TimeSpan.FromSeconds(timeoutSeconds + 15), cancellationToken);
        return Read(result, TelegramJsonContext.Default.ListTelegramUpdate, "getUpdates");
    }

    /// <inheritdoc />
    public async Task<TelegramMessage> SendMessageAsync(long chatId, TelegramOutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = new SendMessageRequest
        {
            ChatId = chatId,
            Text = message.Text,
            ParseMode = message.Html ? "HTML" : null,
            ReplyMarkup = message.Keyboard is { InlineKeyboard.Count: > 0 } ? message.Keyboard : null,
            LinkPreviewOptions = new LinkPreviewOptions(true),
            ReplyParameters = message.ReplyToMessageId is { } id ? new ReplyParameters(id, true) : null,
            DisableNotification = message.Silent ? true : null,
        };
        var result = await CallAsync("sendMessage", JsonContent.Create(request, TelegramJsonContext.Default.SendMessageRequest), RequestTimeout, cancellationToken);
        return Read(result, TelegramJsonContext.Default.TelegramMessage, "sendMessage");
    }

    /// <inheritdoc />
    public Task EditMessageTextAsync(long chatId, long messageId, string text, bool html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        var request = new EditMessageTextRequest
        {
            ChatId = chatId,
            MessageId = messageId,
            Text = text,
            ParseMode = html ? "HTML" : null,
            ReplyMarkup = keyboard ?? InlineKeyboardMarkup.Empty,
            LinkPreviewOptions = new LinkPreviewOptions(true),
        };
        return CallAsync("editMessageText", JsonContent.Create(request, TelegramJsonContext.Default.EditMessageTextRequest), RequestTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken)
    {
        var trimmed = text is { Length: > 200 } ? text[..199] + "…" : text;
        return CallAsync("answerCallbackQuery", JsonContent.Create(new AnswerCallbackQueryRequest(callbackQueryId, trimmed, showAlert ? true : null), TelegramJsonContext.Default.AnswerCallbackQueryRequest), RequestTimeout, cancellationToken);
    }

    /// <summary>Removes the token (whole, secret part, URL-encoded) from <paramref name="text"/>.</summary>
    public static string Redact(string? text, string? token)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        token = token?.Trim();
        if (string.IsNullOrEmpty(token))
            return text;
        var result = text.Replace(token, "<token>", StringComparison.Ordinal)
            .Replace(Uri.EscapeDataString(token), "<token>", StringComparison.OrdinalIgnoreCase);
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && token.Length - colon > 8)
            result = result.Replace(token[(colon + 1)..], "<token>", StringComparison.Ordinal);
        return result;
    }

    private async Task<JsonElement> CallAsync(string method, HttpContent? content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!TelegramOptions.TokenLooksValid(_token))
        {
            content?.Dispose();
            throw new TelegramApiException(method, 401, "no valid bot token is configured (Telegram__BotToken)");
        }
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        // Concatenated, not resolved relative to the base: "bot123:abc" alone would parse as a URI scheme.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base.AbsoluteUri + "bot" + _token + "/" + method, UriKind.Absolute));
        request.Content = content;

        string text;
        int status;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new TelegramApiException(method, 0, $"no answer within {(int)timeout.TotalSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            throw new TelegramApiException(method, 0, "network error: " + Redact(ex.Message, _token));
        }
        catch (Exception ex)
        {
            throw new TelegramApiException(method, 0, $"{ex.GetType().Name}: {Redact(ex.Message, _token)}");
        }

        TelegramEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(text, TelegramJsonContext.Default.TelegramEnvelope);
        }
        catch (JsonException)
        {
            envelope = null;
        }
        if (envelope is null)
            throw new TelegramApiException(method, status is >= 200 and < 300 ? 502 : status, $"HTTP {status} without a Bot API reply");
        if (!envelope.Ok)
        {
            var code = envelope.ErrorCode ?? (status is >= 200 and < 300 ? 500 : status);
            var retryAfter = envelope.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : (TimeSpan?)null;
            if (code == 429 && retryAfter is null)
                retryAfter = TimeSpan.FromSeconds(1);
            throw new TelegramApiException(method, code, Redact(envelope.Description ?? $"HTTP {status}", _token), retryAfter, envelope.Parameters?.MigrateToChatId);
        }
        return envelope.Result;
    }

    private static T Read<T>(JsonElement result, JsonTypeInfo<T> typeInfo, string method)
    {
        try
        {
            return result.Deserialize(typeInfo) ?? throw new TelegramApiException(method, 502, "empty result");
        }
        catch (JsonException)
        {
            throw new TelegramApiException(method, 502, "result in an unexpected shape");
        }
    }
}
