using System.Text;

namespace ChatOpsTrader.Chat.Commands;

/// <summary>
/// Characters that must never reach a chat client as typed, whatever the markup: control characters other than
/// newline and tab (NUL, ESC, BEL…), bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069:
/// they can reverse the rest of a line, e.g. who did what in /audit) and lone surrogates (not encodable; the chat
/// APIs refuse the whole message). Each becomes U+FFFD, so the reader sees that something was there. Used by every
/// formatter on every interpolated value.
/// </summary>
public static class SafeText
{
    /// <summary>What an unsafe character is shown as.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>True for a control character other than newline and tab, or a bidi embedding, override or isolate.</summary>
    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\t')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// <paramref name="text"/> with every unsafe character and lone surrogate replaced by U+FFFD; CR LF and a lone CR
    /// become a newline. Returns the same instance when there is nothing to replace.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!IsUnsafe(c) && !char.IsSurrogate(c))
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (c == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                    sb.Append('\n');
                continue;
            }
            sb.Append(Replacement);
        }
        return sb?.ToString() ?? text;
    }
}
