using System.Globalization;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// The <c>Telegram</c> configuration section. <c>Telegram:Users</c> (numeric ids and roles) is read by the host's
/// user directory, not here: the command router alone decides who may do what.
/// </summary>
public sealed class TelegramOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Telegram";

    /// <summary>The public Bot API.</summary>
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    /// <summary>The bot token from @BotFather. Secret: set it in the environment (<c>Telegram__BotToken</c>) or <c>.env</c>, never in a file you commit. Empty: Telegram is off.</summary>
    public string? BotToken { get; set; }

    /// <summary>Bot API base URL. Default <see cref="DefaultApiBaseUrl"/>; set it for a self-hosted Bot API server or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Numeric chat ids that receive alerts (a private chat id is the user's id; groups are negative, supergroups start with -100).</summary>
    public List<string> AlertChatIds { get; set; } = [];

    /// <summary>Long-poll timeout of getUpdates in seconds (1 to 50). Default 30.</summary>
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>Updates handled at the same time (a slow command never holds up the others). Default 8.</summary>
    public int MaxConcurrentUpdates { get; set; } = 8;

    /// <summary>True when a token is set.</summary>
    public bool HasToken => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>The token without surrounding whitespace (empty when unset).</summary>
    internal string Token => BotToken?.Trim() ?? string.Empty;

    /// <summary>The poll timeout clamped to what the Bot API accepts.</summary>
    internal int EffectivePollTimeoutSeconds => Math.Clamp(PollTimeoutSeconds, 1, 50);

    /// <summary>Set by <see cref="TelegramServiceCollectionExtensions"/> when the token was found in a JSON file instead of the environment.</summary>
    internal string? TokenFoundInFile { get; set; }

    /// <summary>The alert chat ids that are numbers (invalid entries are reported by <see cref="Validate"/>).</summary>
    public IReadOnlyList<long> ParsedAlertChatIds()
    {
        var ids = new List<long>();
        foreach (var raw in AlertChatIds)
        {
            if (TryParseChatId(raw, out var id) && !ids.Contains(id))
                ids.Add(id);
        }
        return ids;
    }

    /// <summary>
    /// What is wrong with this configuration, as (key, message) pairs; empty when it can be used. The host may call it
    /// from its settings validator to refuse start-up with one clear message; the transport turns itself off otherwise.
    /// Never includes the token's value.
    /// </summary>
    public IReadOnlyList<(string Key, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
            problems.Add(("Telegram:ApiBaseUrl", $"must be an absolute http(s) URL such as {DefaultApiBaseUrl} (got '{ApiBaseUrl}')"));
        if (HasToken && !TokenLooksValid(Token))
            problems.Add(("Telegram:BotToken", "does not look like a bot token from @BotFather (digits, a colon, then letters, digits, '-' or '_'); the value is not shown"));
        for (var i = 0; i < AlertChatIds.Count; i++)
        {
            if (!TryParseChatId(AlertChatIds[i], out _))
                problems.Add(($"Telegram:AlertChatIds:{i}", $"must be a numeric chat id such as 123456789 or -1001234567890 (got '{AlertChatIds[i]}')"));
        }
        if (PollTimeoutSeconds is < 1 or > 50)
            problems.Add(("Telegram:PollTimeoutSeconds", $"must be between 1 and 50 (got {PollTimeoutSeconds})"));
        if (MaxConcurrentUpdates is < 1 or > 64)
            problems.Add(("Telegram:MaxConcurrentUpdates", $"must be between 1 and 64 (got {MaxConcurrentUpdates})"));
        return problems;
    }

    /// <summary>True for the shape of a Bot API token: <c>&lt;digits&gt;:&lt;[A-Za-z0-9_-]+&gt;</c>.</summary>
    internal static bool TokenLooksValid(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == token.Length - 1)
            return false;
        for (var i = 0; i < colon; i++)
        {
            if (!char.IsAsciiDigit(token[i]))
                return false;
        }
        for (var i = colon + 1; i < token.Length; i++)
        {
            var c = token[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }
        return true;
    }

    private static bool TryParseChatId(string? raw, out long id) =>
        long.TryParse(raw?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id) && id != 0;
}
