using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Alerts;

/// <summary>
/// One place alerts can go (Telegram chats, a Discord channel, the log). The notifier hub calls it from its own
/// delivery loop, never from the engine; an implementation sends to every configured chat/channel of its transport
/// within the platform's rate limits and says whether it worked, so another channel can take over.
/// </summary>
public interface IAlertChannel
{
    /// <summary>Short name: <c>telegram</c>, <c>discord</c>, <c>log</c>.</summary>
    string Name { get; }

    /// <summary>False when the transport is off (no token) or stopped for good (bad token, fatal close code).</summary>
    bool IsEnabled { get; }

    /// <summary>Delivers the alert. Never throws for delivery problems: they come back as a failed result.</summary>
    Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken);
}

/// <summary>What a delivery came to.</summary>
/// <param name="Delivered">True when every configured destination accepted it.</param>
/// <param name="Detail">What happened, in words (the platform's error and code on failure).</param>
/// <param name="Retryable">True when trying again later may work (network, 429, 5xx); false for 401/403-like errors.</param>
public sealed record AlertDelivery(bool Delivered, string Detail, bool Retryable = true)
{
    /// <summary>A success.</summary>
    public static AlertDelivery Ok(string detail = "delivered") => new(true, detail, false);

    /// <summary>A failure.</summary>
    public static AlertDelivery Failed(string detail, bool retryable = true) => new(false, detail, retryable);
}
