namespace ChatOpsTrader.Chat.Telegram;

/// <summary>Retry and backoff settings of the transport and the sender (defaults suit the public Bot API; tests shorten them).</summary>
/// <param name="BackoffInitial">First wait after a network failure or 5xx.</param>
/// <param name="BackoffMax">Longest wait (about a minute).</param>
/// <param name="MaxSendAttempts">Attempts for one message on network failures and 5xx before it is reported as failed.</param>
/// <param name="Max429Retries">Times one message is retried after 429s (each waits retry_after).</param>
/// <param name="BlockedChatRetry">How long a chat that refused our messages (403) is left alone, unless it writes to the bot first.</param>
/// <param name="ProblemClearAfter">How long polling must work without a new failure before a reported problem counts as over (so a flapping 409 is reported once, not on every poll).</param>
public sealed record TelegramTimings(TimeSpan BackoffInitial, TimeSpan BackoffMax, int MaxSendAttempts, int Max429Retries, TimeSpan BlockedChatRetry, TimeSpan ProblemClearAfter)
{
    /// <summary>1 s doubling to 60 s with jitter, 5 attempts, 20 retries after 429, blocked chats retried after an hour, problems over after 5 quiet minutes.</summary>
    public static TelegramTimings Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 5, 20, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
}

/// <summary>Exponential backoff with jitter: each wait is a random time between half and all of the current step; steps double up to the cap.</summary>
internal sealed class TelegramBackoff(TelegramTimings timings)
{
    private TimeSpan _step = timings.BackoffInitial;

    public TimeSpan Next()
    {
        var step = _step;
        var doubled = _step * 2;
        _step = doubled > timings.BackoffMax ? timings.BackoffMax : doubled;
#pragma warning disable CA5394 // Jitter, not security.
        var jitter = 0.5 + (Random.Shared.NextDouble() * 0.5);
#pragma warning restore CA5394
        return step * jitter;
    }

    public void Reset() => _step = timings.BackoffInitial;
}
