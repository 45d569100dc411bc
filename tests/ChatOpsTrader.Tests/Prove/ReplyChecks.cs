using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Host.Http;
using ChatOpsTrader.Tests.Discord;
using ChatOpsTrader.Tests.Telegram;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// What every reply must be, as a model and as each transport renders it: well formed, within Telegram's and
/// Discord's limits, every interpolated value escaped (nothing the user typed can become markup, a mention, a link
/// or a control sequence), and nothing lost by the escaping.
/// </summary>
public static partial class ReplyChecks
{
    public const string RequesterId = "100000000000000030";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Every problem found with <paramref name="reply"/>; empty when it is fine.</summary>
    public static List<string> Problems(Reply reply)
    {
        var problems = new List<string>();
        Model(reply, problems);
        if (problems.Count > 0)
            return problems;
        try
        {
            _ = reply.ToText();
            _ = JsonSerializer.Serialize(ReplyDto.From(reply), Web);
        }
        catch (Exception ex)
        {
            problems.Add($"plain text or web JSON threw {ex.GetType().Name}: {ex.Message}");
        }
        Telegram(reply, problems);
        Discord(reply, problems);
        return problems;
    }

    /// <summary>Every problem with an alert as Telegram and Discord render it (alerts carry typed text: halt reasons, notes).</summary>
    public static List<string> AlertProblems(ChatOpsTrader.Core.Alerts.Alert alert, DateTimeOffset now)
    {
        var problems = new List<string>();
        foreach (var chunk in TelegramFormatter.FormatAlert(alert, now))
        {
            var error = FakeTelegramServer.ParseHtml(chunk, out var text);
            if (error is not null)
                problems.Add($"telegram alert: can't parse entities: {error}");
            else if (text.Length > TelegramFormatter.MaxMessageLength)
                problems.Add($"telegram alert: message of {text.Length} characters");
            else
                Unsafe("telegram alert", text, problems);
        }
        foreach (var chunk in TelegramFormatter.SplitPlain(TelegramFormatter.AlertText(alert, now)))
        {
            if (chunk.Length > TelegramFormatter.MaxMessageLength)
                problems.Add($"telegram plain alert: message of {chunk.Length} characters");
            Unsafe("telegram plain alert", chunk, problems);
        }
        var message = DiscordFormatter.Alert(alert);
        problems.AddRange(DiscordLimits.Violations(message).Select(v => "discord alert: " + v));
        var embed = message["embeds"]![0]!;
        var title = (string)embed["title"]!;
        var description = (string?)embed["description"] ?? string.Empty;
        Unsafe("discord alert", title + "\n" + description, problems);
        Markdown("discord alert title", title, problems);
        Markdown("discord alert", description, problems);
        return problems;
    }

    private static void Model(Reply reply, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(reply.Title))
            problems.Add("empty title");
        if (reply.Lines is null || reply.Lines.Any(l => l is null))
            problems.Add("null line");
        if (reply.Tables is null || reply.Buttons is null)
        {
            problems.Add("null tables or buttons");
            return;
        }
        foreach (var table in reply.Tables)
        {
            if (table.Headers.Count == 0 || table.Headers.Any(h => h is null))
                problems.Add("table without headers");
            if (table.Rows.Any(r => r is null || r.Count != table.Headers.Count || r.Any(c => c is null)))
                problems.Add("a table row does not match its headers");
        }
        if (reply.ConfirmationId is { } id && !HexId().IsMatch(id))
            problems.Add($"confirmation id '{id}' is not 32 lower-case hex digits");
        if (reply.ConfirmationId is not null && reply.Buttons.Count == 0)
            problems.Add("a confirmation without buttons");
        foreach (var button in reply.Buttons)
        {
            if (string.IsNullOrWhiteSpace(button.Label) || !button.Command.StartsWith('/'))
                problems.Add($"bad button '{button.Label}' -> '{button.Command}'");
        }
    }

    private static void Telegram(Reply reply, List<string> problems)
    {
        IReadOnlyList<string> chunks;
        try
        {
            chunks = TelegramFormatter.FormatReply(reply);
        }
        catch (Exception ex)
        {
            problems.Add($"telegram: FormatReply threw {ex.GetType().Name}: {ex.Message}");
            return;
        }
        var visible = new StringBuilder();
        foreach (var chunk in chunks)
        {
            var error = FakeTelegramServer.ParseHtml(chunk, out var text);
            if (error is not null)
            {
                problems.Add($"telegram: can't parse entities: {error}");
                continue;
            }
            foreach (Match tag in Tag().Matches(chunk))
            {
                if (tag.Groups[1].Value is not ("b" or "i" or "code" or "pre"))
                    problems.Add($"telegram: tag <{tag.Groups[1].Value}> from the content");
            }
            if (text.Length > TelegramFormatter.MaxMessageLength)
                problems.Add($"telegram: message of {text.Length} characters");
            if (text.Length == 0)
                problems.Add("telegram: empty message");
            Unsafe("telegram", text, problems);
            visible.Append(text);
        }
        var all = Norm(visible.ToString());
        foreach (var expected in Expected(reply, code: false))
        {
            if (!all.Contains(expected, StringComparison.Ordinal))
                problems.Add($"telegram: lost or mangled '{ChatFuzzer.Show(expected)}'");
        }
        var keyboard = TelegramKeyboard.FromButtons(reply.Buttons);
        foreach (var button in keyboard?.InlineKeyboard.SelectMany(r => r) ?? [])
        {
            if (Encoding.UTF8.GetByteCount(button.CallbackData ?? string.Empty) is 0 or > TelegramKeyboard.MaxCallbackDataBytes)
                problems.Add("telegram: callback_data is not 1-64 bytes");
            Unsafe("telegram button", button.Text, problems);
        }
    }

    private static void Discord(Reply reply, List<string> problems)
    {
        JsonObject message;
        try
        {
            message = DiscordFormatter.Message(reply, ephemeral: false, RequesterId);
        }
        catch (Exception ex)
        {
            problems.Add($"discord: Message threw {ex.GetType().Name}: {ex.Message}");
            return;
        }
        problems.AddRange(DiscordLimits.Violations(message).Select(v => "discord: " + v));
        var embed = message["embeds"]![0]!;
        var title = (string)embed["title"]!;
        var description = (string?)embed["description"] ?? string.Empty;
        Unsafe("discord", title + "\n" + description, problems);
        foreach (var label in message["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).Select(b => (string)b!["label"]!))
            Unsafe("discord button", label, problems);
        Markdown("discord title", title, problems);
        var plain = new StringBuilder(Unescape(title)).Append('\n');
        var parts = description.Split("```");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                plain.Append(parts[i]);
                continue;
            }
            foreach (var line in parts[i].Split('\n'))
            {
                var inner = line.Length >= 4 && line.StartsWith("**", StringComparison.Ordinal) && line.EndsWith("**", StringComparison.Ordinal) ? line[2..^2] : line;
                Markdown("discord", inner, problems);
                plain.Append(Unescape(inner)).Append('\n');
            }
        }
        if (parts.Length % 2 == 0)
            problems.Add("discord: unbalanced code fence");
        if (title.Contains(DiscordFormatter.TruncatedMarker, StringComparison.Ordinal) || description.Contains(DiscordFormatter.TruncatedMarker, StringComparison.Ordinal))
            return;
        var all = Norm(plain.ToString());
        foreach (var expected in Expected(reply, code: true))
        {
            if (!all.Contains(expected, StringComparison.Ordinal))
                problems.Add($"discord: lost or mangled '{ChatFuzzer.Show(expected)}'");
        }
    }

    /// <summary>Characters no rendered reply may carry: controls (but newline and tab), lone surrogates, bidi overrides and isolates.</summary>
    private static void Unsafe(string where, string text, List<string> problems)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if ((char.IsControl(c) && c is not ('\n' or '\t')) || char.IsSurrogate(c) || IsBidiControl(c))
            {
                problems.Add($"{where}: unsafe character U+{(int)c:X4} at {i} in '{ChatFuzzer.Show(text.Length > 200 ? text[Math.Max(0, i - 50)..Math.Min(text.Length, i + 50)] : text)}'");
                return;
            }
        }
    }

    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>Outside code blocks, every markdown character Discord acts on must be escaped.</summary>
    private static void Markdown(string where, string text, List<string> problems)
    {
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
                lineStart = false;
                continue;
            }
            if (c is '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<' or '@' || (lineStart && c is '#' or '>' or '-' or '+'))
            {
                problems.Add($"{where}: unescaped '{c}' at {i} in '{ChatFuzzer.Show(text)}'");
                return;
            }
            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }
    }

    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
                i++;
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    /// <summary>The pieces of the reply that must show: title, lines and table cells, normalised.</summary>
    private static IEnumerable<string> Expected(Reply reply, bool code)
    {
        yield return Norm(reply.Title);
        foreach (var line in reply.Lines)
            yield return Norm(line);
        foreach (var table in reply.Tables)
        {
            foreach (var cell in table.Headers.Concat(table.Rows.SelectMany(r => r)))
                yield return Norm(code ? cell.Replace('`', 'ˋ') : cell);
        }
    }

    /// <summary>Without whitespace and without the characters a formatter may drop or replace (controls, lone surrogates, bidi controls).</summary>
    public static string Norm(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) || IsBidiControl(c) || c == '\uFFFD')
                continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    [GeneratedRegex("</?([A-Za-z0-9-]+)")]
    private static partial Regex Tag();
}
