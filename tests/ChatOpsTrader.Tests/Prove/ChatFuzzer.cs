using System.Globalization;
using System.Text;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// Seeded generator of hostile chat command texts: catalogue commands with mutated and hostile arguments, mutated
/// valid commands, random unicode, control characters, NUL, RTL marks, huge and negative numbers, markup of every
/// kind, and very long texts. The same seed gives the same texts.
/// </summary>
public sealed class ChatFuzzer(int seed)
{
    private static readonly string[] Names =
    [
        "status", "positions", "orders", "trades", "pnl", "limits", "strategies", "incidents", "incident", "summary", "test_notify",
        "help", "whoami", "halt", "cancel", "pause", "unpause", "reconcile", "ack", "resolve", "choose", "postmortem", "audit",
        "flatten", "resume", "confirm", "HALT", "Flatten", "halt@OurBot", "halt@OtherBot", "frobnicate", "status@", "_", "a".PadRight(33, 'a'),
    ];

    private static readonly string[] Atoms =
    [
        "<script>alert(1)</script>", "<b>", "</b>", "<pre>", "</pre>", "<a href=\"javascript:x\">x</a>", "&amp;", "&lt;", "&", "&#0;", "&#xD800;", "\"", "'",
        "*bold*", "**b**", "_it_", "__u__", "`code`", "```", "||spoiler||", "~~s~~", "[link](http://evil.example)", "> quote", "# head", "- item",
        "@everyone", "@here", "<@123456789012345678>", "<#1>", "<t:0:R>", "\\", "\\\\", "\\*",
        "\u202E", "\u202D", "\u200F", "\u200E", "\u2066", "\u2069", "\u061C", "\uFEFF", "\u200B", "\u2028", "\u2029",
        "\0", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\r\n", "\r", "\n", "\t", "\v", "\f",
        "\uD800", "\uDC00", "\uDBFF\uDFFF", "😀", "👨‍👩‍👧", "🇺🇸", "e\u0301", "Ω", "ç", "∞", "中文", "עברית", "العربية",
        "NaN", "-NaN", "Infinity", "-1", "-0", "0", "00", "+5", "1e309", "1e-400", "79228162514264337593543950336", "-79228162514264337593543950335",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "4294967296", "0x10", "1.5", "1,000", "1_000", "٣", "１２", "½",
        "INC-0001", "INC-9999", "INC-", "inc-1", "all", "ALL", "override", "set", "daily-loss", "max-position", "orders-per-day", "5000", "500",
        "AAPL", "aapl", "MSFT", "BRK.B", "s1", "demo", "losers", "winners", "today", "day", "week", "month", "cancel-", "%s%n", "{0}", "${jndi:x}",
        "'; DROP TABLE audit; --", "../../etc/passwd", "null", "undefined", "true", " ", "  ",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>The next text; <paramref name="lastConfirmationId"/> is sometimes confirmed (or cancelled) for real.</summary>
    public string Next(IReadOnlyList<string> validTexts, string? lastConfirmationId)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 40 => CommandWithArguments(),
            < 65 => Mutate(validTexts[_random.Next(validTexts.Count)]),
            < 72 => validTexts[_random.Next(validTexts.Count)],
            < 80 => RandomUnicode(_random.Next(0, 200)),
            < 84 => Long(),
            < 90 when lastConfirmationId is not null => _random.Next(4) switch
            {
                0 => $"/confirm cancel-{lastConfirmationId}",
                1 => $"/confirm {Mutate(lastConfirmationId)}",
                _ => $"/confirm {lastConfirmationId}",
            },
            _ => string.Concat(Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Atom())),
        };
    }

    private string Atom() => Atoms[_random.Next(Atoms.Length)];

    private string CommandWithArguments()
    {
        var sb = new StringBuilder();
        sb.Append(_random.Next(20) == 0 ? Atom() : string.Empty).Append('/').Append(Names[_random.Next(Names.Length)]);
        var count = _random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            sb.Append(_random.Next(8) switch
            {
                0 => "\t",
                1 => "  ",
                2 => "\n",
                _ => " ",
            });
            sb.Append(_random.Next(3) == 0 ? Atom() + Atom() : Atom());
        }
        return sb.ToString();
    }

    private string Mutate(string text)
    {
        var chars = new StringBuilder(text);
        var edits = _random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = chars.Length == 0 ? 0 : _random.Next(chars.Length);
            switch (_random.Next(6))
            {
                case 0:
                    chars.Insert(at, Atom());
                    break;
                case 1 when chars.Length > 0:
                    chars.Remove(at, 1);
                    break;
                case 2 when chars.Length > 0:
                    chars[at] = (char)_random.Next(0, 0x3000);
                    break;
                case 3:
                    chars.Append(' ').Append(Atom());
                    break;
                case 4 when chars.Length > 0:
                    chars[at] = char.IsUpper(chars[at]) ? char.ToLowerInvariant(chars[at]) : char.ToUpperInvariant(chars[at]);
                    break;
                default:
                    chars.Insert(at, RandomUnicode(_random.Next(1, 4)));
                    break;
            }
        }
        return chars.ToString();
    }

    private string RandomUnicode(int length)
    {
        var sb = new StringBuilder(length);
        if (_random.Next(2) == 0)
            sb.Append('/');
        for (var i = 0; i < length; i++)
        {
            sb.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 0x20),
                1 => (char)_random.Next(0x20, 0x7f),
                2 => (char)_random.Next(0x80, 0x800),
                3 => (char)_random.Next(0xD800, 0xE000),
                4 => char.ConvertFromUtf32(_random.Next(0x1F300, 0x1FAFF)),
                _ => (char)_random.Next(0x800, 0xD800),
            });
        }
        return sb.ToString();
    }

    private string Long()
    {
        var length = new[] { 999, 1000, 1001, 4096, 5000, 100_000 }[_random.Next(6)];
        var head = _random.Next(3) switch
        {
            0 => "/halt ",
            1 => "/resolve INC-0001 ",
            _ => "/trades ",
        };
        var filler = _random.Next(3) switch
        {
            0 => "x",
            1 => "😀",
            _ => "<&>",
        };
        var sb = new StringBuilder(head);
        while (sb.Length < length)
            sb.Append(filler);
        return sb.ToString(0, Math.Max(head.Length, length - 1)) + (_random.Next(2) == 0 ? "9" : "\u202E");
    }

    /// <summary>The text with every non-printable character spelled out, for failure messages.</summary>
    public static string Show(string text)
    {
        var shown = text.Length > 300 ? text[..300] + $"…({text.Length} chars)" : text;
        var sb = new StringBuilder();
        foreach (var c in shown)
        {
            if (c < 0x20 || c is '\u007f' or >= '\u0080' and <= '\u009f' || char.IsSurrogate(c) || c is >= '\u2000' and <= '\u206f' || c == '\uFEFF')
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
