using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Discord;

/// <summary>What a button does when pressed: the command to run, and who may press it.</summary>
/// <param name="CommandText">The command text, e.g. <c>/confirm 0f3a…</c>.</param>
/// <param name="RequesterId">For confirmations: the only user the button is meant for.</param>
/// <param name="ConfirmationId">For confirmations: the id being confirmed or cancelled.</param>
public sealed record ButtonAction(string CommandText, string? RequesterId, string? ConfirmationId);

/// <summary>
/// Turns the reply model and alerts into Discord message JSON. Pure. Every message: one embed within Discord's
/// limits (title 256, description 4,096, ≤25 fields of 256/1,024, footer 2,048, 6,000 in total; content 2,000),
/// tables as code blocks, colour by severity, markdown and mentions in echoed text escaped, and
/// <c>allowed_mentions: {"parse": []}</c> so nothing ever pings. Whatever does not fit is cut with
/// <see cref="TruncatedMarker"/>.
/// </summary>
public static class DiscordFormatter
{
    /// <summary>Message content limit.</summary>
    public const int ContentLimit = 2000;

    /// <summary>Embed title limit.</summary>
    public const int TitleLimit = 256;

    /// <summary>Embed description limit.</summary>
    public const int DescriptionLimit = 4096;

    /// <summary>Fields per embed.</summary>
    public const int MaxFields = 25;

    /// <summary>Field name limit.</summary>
    public const int FieldNameLimit = 256;

    /// <summary>Field value limit.</summary>
    public const int FieldValueLimit = 1024;

    /// <summary>Footer text limit.</summary>
    public const int FooterLimit = 2048;

    /// <summary>All embed texts of a message together.</summary>
    public const int EmbedTotalLimit = 6000;

    /// <summary>Button label limit.</summary>
    public const int ButtonLabelLimit = 80;

    /// <summary>Button custom_id limit.</summary>
    public const int CustomIdLimit = 100;

    /// <summary>The EPHEMERAL message flag.</summary>
    public const int EphemeralFlag = 64;

    /// <summary>Appended wherever text was cut.</summary>
    public const string TruncatedMarker = "…(truncated)";

    /// <summary>The answer to people who are not on the allowlist (Discord requires some answer).</summary>
    public const string NotAuthorizedText = "You are not authorized.";

    // One line of a reply may not crowd out everything else.
    private const int LineLimit = 1000;

    /// <summary>Embed colour per reply severity.</summary>
    public static int Colour(ReplySeverity severity) => severity switch
    {
        ReplySeverity.Success => 0x2ECC71,
        ReplySeverity.Warning => 0xF1C40F,
        ReplySeverity.Danger => 0xE74C3C,
        _ => 0x3498DB,
    };

    /// <summary>Embed colour per alert severity.</summary>
    public static int Colour(Severity severity) => severity switch
    {
        Severity.Sev1 => 0xE74C3C,
        Severity.Sev2 => 0xE67E22,
        Severity.Sev3 => 0xF1C40F,
        _ => 0x3498DB,
    };

    /// <summary><c>{"parse": []}</c>: no mention in the message notifies anyone.</summary>
    public static JsonObject NoMentions() => new() { ["parse"] = new JsonArray() };

    /// <summary>
    /// The message for a reply: one embed, buttons (bound to <paramref name="requesterId"/> when they confirm),
    /// no mentions, and the ephemeral flag when asked.
    /// </summary>
    public static JsonObject Message(Reply reply, bool ephemeral, string? requesterId)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var message = new JsonObject
        {
            ["embeds"] = new JsonArray(Embed(reply)),
            ["allowed_mentions"] = NoMentions(),
            ["components"] = Components(reply.Buttons, requesterId),
        };
        if (ephemeral)
            message["flags"] = EphemeralFlag;
        return message;
    }

    /// <summary>A plain text message (content only), escaped and cut to the content limit.</summary>
    public static JsonObject Text(string text, bool ephemeral)
    {
        ArgumentNullException.ThrowIfNull(text);
        var message = new JsonObject
        {
            ["content"] = Truncate(Escape(text), ContentLimit),
            ["allowed_mentions"] = NoMentions(),
            ["components"] = new JsonArray(),
        };
        if (ephemeral)
            message["flags"] = EphemeralFlag;
        return message;
    }

    /// <summary>An interaction response <c>{type, data}</c>.</summary>
    public static JsonObject Response(int type, JsonObject? data)
    {
        var response = new JsonObject { ["type"] = type };
        if (data is not null)
            response["data"] = data;
        return response;
    }

    /// <summary>The embed of a reply.</summary>
    public static JsonObject Embed(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var title = Truncate(Escape(OneLine(reply.Title)), TitleLimit);
        var footer = reply.ConfirmationId is { } id
            ? Truncate($"Or type /confirm {OneLine(id)} (only the person who asked, once, before it expires)", FooterLimit)
            : null;
        var budget = Math.Min(DescriptionLimit, EmbedTotalLimit - title.Length - (footer?.Length ?? 0));
        var description = Description(reply, budget);

        var embed = new JsonObject { ["title"] = title, ["color"] = Colour(reply.Severity) };
        if (description.Length > 0)
            embed["description"] = description;
        if (footer is not null)
            embed["footer"] = new JsonObject { ["text"] = footer };
        return embed;
    }

    /// <summary>
    /// The message for an alert: severity and title, the facts, the first action, and the original time (as text
    /// and as the embed timestamp, so a late delivery still says when it happened).
    /// </summary>
    public static JsonObject Alert(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var severity = alert.Severity.ToString().ToUpperInvariant();
        var title = Truncate(Escape(OneLine($"{severity}: {alert.Title}")), TitleLimit);
        var firstAction = Truncate(Escape(alert.FirstAction), FieldValueLimit);
        var utc = alert.Time.ToUniversalTime();
        var when = $"{utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (<t:{utc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:R>)";
        const string footer = "ChatOpsTrader alert";
        var fields = new JsonArray();
        var fieldChars = 0;
        if (firstAction.Length > 0)
        {
            fields.Add(Field("First action", firstAction));
            fieldChars += "First action".Length + firstAction.Length;
        }
        fields.Add(Field("Happened at", when));
        fieldChars += "Happened at".Length + when.Length;
        var budget = Math.Min(DescriptionLimit, EmbedTotalLimit - title.Length - footer.Length - fieldChars);
        var embed = new JsonObject
        {
            ["title"] = title,
            ["description"] = Truncate(Escape(alert.Text), budget),
            ["color"] = Colour(alert.Severity),
            ["fields"] = fields,
            ["footer"] = new JsonObject { ["text"] = footer },
            ["timestamp"] = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return new JsonObject
        {
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = NoMentions(),
        };
    }

    /// <summary>
    /// Escapes Discord markdown in echoed text so it shows as typed: <c>\ * _ ~ ` | [ ] &lt; @</c> everywhere (so
    /// <c>&lt;@id&gt;</c>, <c>@everyone</c> and masked links stay literal), and <c># &gt; - +</c> at the start of a
    /// line (headings, quotes, lists). HTML means nothing to Discord: <c>&lt;b&gt;</c> and <c>&amp;</c> are kept as text.
    /// Control characters, bidi overrides and lone surrogates are shown as U+FFFD (<see cref="SafeText"/>).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = SafeText.Clean(text);
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<' or '@')
                sb.Append('\\');
            else if (lineStart && c is '#' or '>' or '-' or '+')
                sb.Append('\\');
            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }
        return sb.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="limit"/> characters, ending with <see cref="TruncatedMarker"/> when cut.</summary>
    public static string Truncate(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
            return text;
        if (limit <= TruncatedMarker.Length)
            return TruncatedMarker[..Math.Max(0, limit)];
        var cut = limit - TruncatedMarker.Length;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        // Never leave a lone escaping backslash that would swallow the marker's first character.
        var backslashes = 0;
        for (var i = cut - 1; i >= 0 && text[i] == '\\'; i--)
            backslashes++;
        if (backslashes % 2 == 1)
            cut--;
        return text[..cut] + TruncatedMarker;
    }

    /// <summary>The custom_id of a button, or null when it cannot be expressed in 100 characters.</summary>
    public static string? CustomId(ReplyButton button, string? requesterId)
    {
        ArgumentNullException.ThrowIfNull(button);
        var command = button.Command.Trim();
        if (DiscordOptions.IsSnowflake(requesterId) && command.StartsWith("/confirm ", StringComparison.Ordinal))
        {
            var argument = command["/confirm ".Length..].Trim();
            var cancel = argument.StartsWith("cancel-", StringComparison.Ordinal);
            var id = cancel ? argument["cancel-".Length..] : argument;
            if (IsConfirmationId(id))
                return $"{(cancel ? "cx" : "cc")}:{id}:{requesterId}";
        }
        var generic = "rc:" + command;
        return command.StartsWith('/') && generic.Length <= CustomIdLimit && !command.Any(char.IsControl) ? generic : null;
    }

    /// <summary>Reads a custom_id made by <see cref="CustomId"/>; null for anything else.</summary>
    public static ButtonAction? ParseCustomId(string? customId)
    {
        if (customId is null || customId.Length is < 4 or > CustomIdLimit)
            return null;
        if (customId.StartsWith("rc:/", StringComparison.Ordinal))
            return customId.Any(char.IsControl) ? null : new ButtonAction(customId[3..], null, null);
        if (!customId.StartsWith("cc:", StringComparison.Ordinal) && !customId.StartsWith("cx:", StringComparison.Ordinal))
            return null;
        var parts = customId.Split(':');
        if (parts.Length != 3 || !IsConfirmationId(parts[1]) || !DiscordOptions.IsSnowflake(parts[2]))
            return null;
        var cancel = parts[0] == "cx";
        return new ButtonAction($"/confirm {(cancel ? "cancel-" : string.Empty)}{parts[1]}", parts[2], parts[1]);
    }

    /// <summary>Action rows of buttons (≤5 per row, ≤5 rows); buttons whose action does not fit a custom_id are left out.</summary>
    public static JsonArray Components(IReadOnlyList<ReplyButton> buttons, string? requesterId)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        var rows = new JsonArray();
        var current = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var button in buttons)
        {
            var id = CustomId(button, requesterId);
            if (id is null || !seen.Add(id))
                continue;
            if (current.Count == 5)
            {
                rows.Add(new JsonObject { ["type"] = 1, ["components"] = current });
                current = [];
                if (rows.Count == 5)
                    return rows;
            }
            var label = Truncate(OneLine(SafeText.Clean(button.Label)), ButtonLabelLimit);
            current.Add(new JsonObject
            {
                ["type"] = 2,
                ["style"] = button.Style switch
                {
                    ButtonStyle.Danger => 4,
                    ButtonStyle.Secondary => 2,
                    _ => 1,
                },
                ["label"] = label.Length == 0 ? "OK" : label,
                ["custom_id"] = id,
            });
        }
        if (current.Count > 0)
            rows.Add(new JsonObject { ["type"] = 1, ["components"] = current });
        return rows;
    }

    private static bool IsConfirmationId(string id) => id.Length is >= 8 and <= 64 && id.All(char.IsAsciiHexDigitLower);

    private static JsonObject Field(string name, string value) => new()
    {
        ["name"] = Truncate(name, FieldNameLimit),
        ["value"] = Truncate(value.Length == 0 ? "-" : value, FieldValueLimit),
        ["inline"] = false,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Description(Reply reply, int budget)
    {
        var sb = new StringBuilder();
        var lines = string.Join('\n', reply.Lines.Select(l => Truncate(Escape(l), LineLimit)));
        var blocks = new List<Func<int, (string Text, bool Cut)?>>();
        if (lines.Length > 0)
            blocks.Add(max => max >= lines.Length ? (lines, false) : max > TruncatedMarker.Length ? (Truncate(lines, max), true) : null);
        foreach (var table in reply.Tables)
            blocks.Add(max => TableBlock(table, max));

        foreach (var block in blocks)
        {
            var separator = sb.Length == 0 ? string.Empty : "\n\n";
            var room = budget - sb.Length - separator.Length;
            var result = room > 0 ? block(room) : null;
            if (result is not { } part)
            {
                // Nothing more fits: say so.
                var marker = (sb.Length == 0 ? string.Empty : "\n") + TruncatedMarker;
                if (sb.Length + marker.Length <= budget)
                    sb.Append(marker);
                break;
            }
            sb.Append(separator).Append(part.Text);
            if (part.Cut)
                break;
        }
        return sb.ToString();
    }

    /// <summary>A table as a code block within <paramref name="max"/> characters; whole rows only, the rest counted. Null when not even one row fits.</summary>
    internal static (string Text, bool Cut)? TableBlock(ReplyTable table, int max)
    {
        var safe = new ReplyTable(
            table.Caption,
            [.. table.Headers.Select(CodeSafe)],
            [.. table.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(CodeSafe)])]);
        var text = new StringBuilder();
        Reply.AppendTable(text, safe);
        var rows = text.ToString().TrimEnd('\n', '\r').Split('\n').Select(r => r.TrimEnd()).ToArray();
        var caption = table.Caption is null ? string.Empty : "**" + Truncate(Escape(OneLine(table.Caption)), 200) + "**\n";
        const string open = "```\n";
        const string close = "\n```";
        var full = caption + open + string.Join('\n', rows) + close;
        if (full.Length <= max)
            return (full, false);

        // Header plus as many rows as fit, then a line saying how many were left out.
        var sb = new StringBuilder(caption).Append(open);
        var shown = 0;
        foreach (var row in rows)
        {
            var remaining = rows.Length - shown - 1;
            var tail = $"\n{TruncatedMarker} {remaining} more row(s)";
            var needed = (shown == 0 ? 0 : 1) + row.Length + tail.Length + close.Length;
            if (sb.Length + needed > max)
                break;
            if (shown > 0)
                sb.Append('\n');
            sb.Append(row);
            shown++;
        }
        if (shown < 2)
            return null;
        sb.Append('\n').Append(TruncatedMarker).Append(' ').Append((rows.Length - shown).ToString(CultureInfo.InvariantCulture)).Append(" more row(s)").Append(close);
        return (sb.ToString(), true);
    }

    // Inside a code block only a backtick can break out; newlines would break the columns.
    private static string CodeSafe(string cell) => SafeText.Clean(cell).Replace('`', 'ˋ').ReplaceLineEndings(" ");
}
