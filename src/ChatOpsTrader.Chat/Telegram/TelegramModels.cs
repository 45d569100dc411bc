using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>A Telegram user or bot (the fields we use).</summary>
public sealed record TelegramUser
{
    /// <summary>Numeric id (up to 52 bits).</summary>
    public long Id { get; init; }

    /// <summary>True for bots.</summary>
    public bool IsBot { get; init; }

    /// <summary>First name.</summary>
    public string FirstName { get; init; } = string.Empty;

    /// <summary>Username without the <c>@</c>, when set.</summary>
    public string? Username { get; init; }
}

/// <summary>A chat (the fields we use).</summary>
public sealed record TelegramChat
{
    /// <summary>Numeric id: positive for private chats, negative for groups (supergroups start with -100).</summary>
    public long Id { get; init; }

    /// <summary><c>private</c>, <c>group</c>, <c>supergroup</c> or <c>channel</c>.</summary>
    public string Type { get; init; } = "private";

    /// <summary>Group title.</summary>
    public string? Title { get; init; }
}

/// <summary>A message (the fields we use).</summary>
public sealed record TelegramMessage
{
    /// <summary>Id, unique within its chat.</summary>
    public long MessageId { get; init; }

    /// <summary>The sender; missing for channel posts.</summary>
    public TelegramUser? From { get; init; }

    /// <summary>The chat it belongs to.</summary>
    public TelegramChat Chat { get; init; } = new();

    /// <summary>Unix time in seconds.</summary>
    public long Date { get; init; }

    /// <summary>The text, for text messages.</summary>
    public string? Text { get; init; }

    /// <summary>The message this one answers, when it is a reply.</summary>
    public TelegramMessage? ReplyToMessage { get; init; }

    /// <summary>The inline keyboard attached to it, if any.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary>A press on an inline keyboard button.</summary>
public sealed record TelegramCallbackQuery
{
    /// <summary>Id to answer with answerCallbackQuery.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Who pressed.</summary>
    public TelegramUser From { get; init; } = new();

    /// <summary>The message the button was on (missing when too old).</summary>
    public TelegramMessage? Message { get; init; }

    /// <summary>Global chat identifier.</summary>
    public string? ChatInstance { get; init; }

    /// <summary>The button's callback_data.</summary>
    public string? Data { get; init; }
}

/// <summary>One incoming update: an id and at most one payload.</summary>
public sealed record TelegramUpdate
{
    /// <summary>Sequential id; getUpdates with offset = id + 1 confirms it.</summary>
    public long UpdateId { get; init; }

    /// <summary>A new message.</summary>
    public TelegramMessage? Message { get; init; }

    /// <summary>A button press.</summary>
    public TelegramCallbackQuery? CallbackQuery { get; init; }
}

/// <summary>An inline keyboard.</summary>
public sealed record InlineKeyboardMarkup
{
    /// <summary>Rows of buttons.</summary>
    public IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard { get; init; } = [];

    /// <summary>An empty keyboard: editing a message with it removes the buttons.</summary>
    public static InlineKeyboardMarkup Empty { get; } = new();
}

/// <summary>An inline keyboard button that sends <see cref="CallbackData"/> back when pressed.</summary>
public sealed record InlineKeyboardButton
{
    /// <summary>Label.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>1-64 bytes sent back in the callback query.</summary>
    public string? CallbackData { get; init; }

    /// <summary>Optional colour: <c>danger</c>, <c>success</c> or <c>primary</c>.</summary>
    public string? Style { get; init; }
}

/// <summary>A command shown in Telegram's command menu.</summary>
/// <param name="Command">1-32 characters of a-z, 0-9 and _, without the slash.</param>
/// <param name="Description">1-256 characters.</param>
public sealed record TelegramBotCommand(string Command, string Description);

/// <summary>What to send with sendMessage.</summary>
public sealed record TelegramOutgoingMessage
{
    /// <summary>The text: HTML when <see cref="Html"/> is true, plain text otherwise.</summary>
    public required string Text { get; init; }

    /// <summary>True to send with parse_mode HTML.</summary>
    public bool Html { get; init; } = true;

    /// <summary>Buttons under the message.</summary>
    public InlineKeyboardMarkup? Keyboard { get; init; }

    /// <summary>The message this one answers (sent even when that message is gone).</summary>
    public long? ReplyToMessageId { get; init; }

    /// <summary>Deliver without a notification sound.</summary>
    public bool Silent { get; init; }
}

/// <summary>The Bot API's envelope: <c>{ok, result}</c> or <c>{ok:false, error_code, description, parameters}</c>.</summary>
internal sealed record TelegramEnvelope
{
    public bool Ok { get; init; }

    public JsonElement Result { get; init; }

    public int? ErrorCode { get; init; }

    public string? Description { get; init; }

    public TelegramResponseParameters? Parameters { get; init; }
}

internal sealed record TelegramResponseParameters
{
    public int? RetryAfter { get; init; }

    public long? MigrateToChatId { get; init; }
}

internal sealed record LinkPreviewOptions(bool IsDisabled);

internal sealed record ReplyParameters(long MessageId, bool AllowSendingWithoutReply);

internal sealed record SendMessageRequest
{
    public long ChatId { get; init; }

    public string Text { get; init; } = string.Empty;

    public string? ParseMode { get; init; }

    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    public LinkPreviewOptions? LinkPreviewOptions { get; init; }

    public ReplyParameters? ReplyParameters { get; init; }

    public bool? DisableNotification { get; init; }
}

internal sealed record EditMessageTextRequest
{
    public long ChatId { get; init; }

    public long MessageId { get; init; }

    public string Text { get; init; } = string.Empty;

    public string? ParseMode { get; init; }

    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    public LinkPreviewOptions? LinkPreviewOptions { get; init; }
}

internal sealed record AnswerCallbackQueryRequest(string CallbackQueryId, string? Text, bool? ShowAlert);

internal sealed record GetUpdatesRequest(long? Offset, int Limit, int Timeout, IReadOnlyList<string> AllowedUpdates);

internal sealed record DeleteWebhookRequest(bool DropPendingUpdates);

internal sealed record SetMyCommandsRequest(IReadOnlyList<TelegramBotCommand> Commands);

/// <summary>System.Text.Json metadata for the Bot API (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelegramEnvelope))]
[JsonSerializable(typeof(TelegramUser))]
[JsonSerializable(typeof(TelegramMessage))]
[JsonSerializable(typeof(List<TelegramUpdate>))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(InlineKeyboardMarkup))]
[JsonSerializable(typeof(bool))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
