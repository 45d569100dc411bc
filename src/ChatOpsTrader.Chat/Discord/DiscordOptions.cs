using System.Globalization;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>
/// The <c>Discord</c> configuration section. The bot token is a secret: set it only in the environment or the
/// <c>.env</c> file (<c>Discord__BotToken</c>), never in <c>appsettings.json</c>. Users and roles
/// (<c>Discord__Users__N__Id</c> / <c>__Role</c>) are read by the host's settings, not here.
/// </summary>
public sealed class DiscordOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Discord";

    /// <summary>The public REST base of API v10.</summary>
    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>The variables that turn the transport on, for the "off" log line and the README.</summary>
    public const string EnableHint = "Discord__BotToken, Discord__GuildId, Discord__AlertChannelId, Discord__Users__0__Id, Discord__Users__0__Role";

    /// <summary>The bot token (secret). Sent only in the <c>Authorization: Bot …</c> header and the gateway Identify/Resume.</summary>
    public string? BotToken { get; set; }

    /// <summary>REST base URL; the gateway URL comes from <c>GET {ApiBaseUrl}/gateway/bot</c>.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The guild (server) the slash commands are registered in.</summary>
    public string? GuildId { get; set; }

    /// <summary>The channel alerts are posted to; alerts are off without it.</summary>
    public string? AlertChannelId { get; set; }

    /// <summary>Most REST requests per second, all routes together (Discord's global limit is 50). Not bound from configuration.</summary>
    internal int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>How long a command may run before the interaction is deferred (Discord's deadline is 3 s). Not bound from configuration.</summary>
    internal TimeSpan DeferAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>True when a token is set: the transport and the alert channel are on.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>The token without surrounding whitespace (a trailing newline from a file is common).</summary>
    internal string Token => BotToken?.Trim() ?? string.Empty;

    /// <summary>
    /// Checks the options of a configured transport. Returns null when they are fine, otherwise one message that
    /// names the key and the problem (nothing to check when the transport is off). Never mentions the token's value.
    /// </summary>
    public string? Validate() => ValidationError() is { } e ? $"Invalid configuration: {e.Key} {e.Problem}" : null;

    /// <summary>
    /// The first problem as (key, problem), e.g. <c>("Discord:GuildId", "must be the numeric id …")</c>, for the
    /// host's start-up validation; null when fine or when the transport is off.
    /// </summary>
    public (string Key, string Problem)? ValidationError()
    {
        if (!IsConfigured)
            return null;
        if (Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return ("Discord:BotToken", "contains spaces or control characters (copy the token again from the Developer Portal)");
        if (Token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
            return ("Discord:BotToken", "must be the token alone, without the 'Bot ' prefix");
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            return ("Discord:ApiBaseUrl", $"must be an http(s) URL like {DefaultApiBaseUrl} (got '{ApiBaseUrl}')");
        if (!IsSnowflake(GuildId))
            return ("Discord:GuildId", $"must be the numeric id of your server (Developer Mode, right-click the server, Copy Server ID; got '{GuildId}')");
        if (!string.IsNullOrWhiteSpace(AlertChannelId) && !IsSnowflake(AlertChannelId))
            return ("Discord:AlertChannelId", $"must be a numeric channel id (got '{AlertChannelId}')");
        return null;
    }

    /// <summary>True for a Discord id: 1 to 20 ASCII digits.</summary>
    public static bool IsSnowflake(string? value) =>
        value is { Length: > 0 and <= 20 } && value.All(char.IsAsciiDigit) && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
