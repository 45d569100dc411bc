using System.Globalization;
using System.Text;

namespace ChatOpsTrader.Tws.Protocol;

/// <summary>TWS (≥153) escapes non-ASCII characters in error text as <c>\uXXXX</c> (UTF-16 code units, as Java does).</summary>
public static class TwsText
{
    /// <summary>Turns each <c>\uXXXX</c> (4 hex digits) back into its character; anything else is kept as is.</summary>
    public static string UnescapeUnicode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = text.IndexOf("\\u", StringComparison.Ordinal);
        if (index < 0)
            return text;
        var result = new StringBuilder(text.Length);
        result.Append(text, 0, index);
        while (index < text.Length)
        {
            if (index + 6 <= text.Length && text[index] == '\\' && text[index + 1] == 'u'
                && ushort.TryParse(text.AsSpan(index + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                index += 6;
            }
            else
            {
                result.Append(text[index]);
                index++;
            }
        }

        return result.ToString();
    }

    /// <summary>Escapes every non-ASCII UTF-16 code unit as <c>\uXXXX</c>, as TWS does in error text.</summary>
    public static string EscapeUnicode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
            return text;
        var result = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c < 0x80)
                result.Append(c);
            else
                result.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        return result.ToString();
    }
}
