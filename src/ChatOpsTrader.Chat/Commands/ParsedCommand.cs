namespace ChatOpsTrader.Chat.Commands;

/// <summary>A command as typed: <c>/trades losers</c> is name <c>trades</c> with one argument.</summary>
/// <param name="Name">Lower-case name without the slash.</param>
/// <param name="Arguments">Whitespace-separated arguments.</param>
/// <param name="Raw">The argument text as typed (for reasons and notes).</param>
/// <param name="BotName">The <c>@bot</c> suffix, if any (Telegram groups).</param>
public sealed record ParsedCommand(string Name, IReadOnlyList<string> Arguments, string Raw, string? BotName);

/// <summary>Parses chat command text the same way for every transport.</summary>
public static class CommandParser
{
    /// <summary>Longest command text accepted.</summary>
    public const int MaxLength = 1000;

    /// <summary>Parses <paramref name="text"/>; returns null and an error message when it is not a command.</summary>
    public static ParsedCommand? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Empty command. Try /help.";
            return null;
        }
        if (text.Length > MaxLength)
        {
            error = $"Command too long ({text.Length} characters, the limit is {MaxLength}).";
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed[0] != '/')
        {
            error = "Commands start with '/'. Try /help.";
            return null;
        }
        foreach (var c in trimmed)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                error = "The command contains control characters.";
                return null;
            }
        }

        var space = trimmed.IndexOfAny([' ', '\n', '\t', '\r']);
        var head = space < 0 ? trimmed[1..] : trimmed[1..space];
        var raw = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        string? bot = null;
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            bot = head[(at + 1)..];
            head = head[..at];
        }
        if (head.Length is 0 or > 32 || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            error = "Not a valid command name. Try /help.";
            return null;
        }
        var args = raw.Length == 0 ? [] : raw.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return new ParsedCommand(head.ToLowerInvariant(), args, raw, bot);
    }
}
