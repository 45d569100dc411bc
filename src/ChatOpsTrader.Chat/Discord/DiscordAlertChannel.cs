using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>
/// Posts alerts to <see cref="DiscordOptions.AlertChannelId"/> with the bot token: one embed with the severity,
/// title, facts, first action and the original time, and no mentions. Disabled without a token or channel, and
/// once the transport stopped for good (then the notifier hub delivers on the other channels).
/// </summary>
public sealed class DiscordAlertChannel(DiscordOptions options, DiscordHealth health, IDiscordRestClient rest) : IAlertChannel
{
    /// <inheritdoc />
    public string Name => "discord";

    /// <inheritdoc />
    public bool IsEnabled => options.IsConfigured && DiscordOptions.IsSnowflake(options.AlertChannelId) && options.Validate() is null && !health.IsStopped;

    /// <inheritdoc />
    public async Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!IsEnabled)
            return AlertDelivery.Failed(health.IsStopped ? $"Discord transport stopped ({health.StopReason?.Kind})" : "Discord alerts are off (no token or no Discord__AlertChannelId)", retryable: false);

        JsonObject message;
        try
        {
            message = DiscordFormatter.Alert(alert);
        }
        catch (ArgumentException ex)
        {
            return AlertDelivery.Failed($"alert could not be formatted: {ex.Message}", retryable: false);
        }

        var response = await rest.CreateMessageAsync(options.AlertChannelId!, message, cancellationToken);
        if (response.Ok)
        {
            var id = response.Body is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "?";
            return AlertDelivery.Ok($"discord message {id}");
        }
        // 401 stopped the transport (not retryable); 403/404 need a person (permissions, channel id); 429/5xx/network may pass later.
        return AlertDelivery.Failed($"Discord: {response.Detail}", response.Retryable && response.Status != 401);
    }
}
