namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// A Bot API call that failed: an error reply (<see cref="ErrorCode"/> is the Bot API's code) or a network failure
/// (<see cref="ErrorCode"/> is 0). The message never contains the bot token.
/// </summary>
public sealed class TelegramApiException : Exception
{
    /// <summary>Creates the exception; <paramref name="description"/> must already be redacted.</summary>
    public TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null, long? migrateToChatId = null)
        : base(errorCode == 0 ? $"Telegram {method}: {description}" : $"Telegram {method} failed ({errorCode}): {description}")
    {
        Method = method;
        ErrorCode = errorCode;
        Description = description;
        RetryAfter = retryAfter;
        MigrateToChatId = migrateToChatId;
    }

    /// <summary>Creates an exception for a network failure.</summary>
    public TelegramApiException()
        : this("?", 0, "unknown failure")
    {
    }

    /// <summary>Creates an exception for a network failure.</summary>
    public TelegramApiException(string message)
        : this("?", 0, message)
    {
    }

    /// <summary>Not used: inner exceptions could carry the token, so none are kept.</summary>
    public TelegramApiException(string message, Exception innerException)
        : this("?", 0, message + (innerException is null ? string.Empty : $" ({innerException.GetType().Name})"))
    {
    }

    /// <summary>The Bot API method.</summary>
    public string Method { get; }

    /// <summary>The Bot API error code (HTTP-like: 400, 401, 403, 409, 429, 5xx), or 0 for a network failure or timeout.</summary>
    public int ErrorCode { get; }

    /// <summary>The Bot API's description (redacted).</summary>
    public string Description { get; }

    /// <summary>For 429: how long every call from the bot is blocked.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>For 400 after a group became a supergroup: the new chat id.</summary>
    public long? MigrateToChatId { get; }

    /// <summary>True for network failures, timeouts and 5xx: trying again later may work.</summary>
    public bool IsTransient => ErrorCode is 0 or >= 500 or 429;

    /// <summary>True for 401/404: the token is refused.</summary>
    public bool IsUnauthorized => ErrorCode is 401 or 404;
}
