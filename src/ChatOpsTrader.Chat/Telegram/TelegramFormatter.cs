using System.Globalization;
using System.Text;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Chat.Telegram;

/// <summary>
/// Turns replies and alerts into Telegram HTML messages: every value escaped, the title in bold, tables as
/// <c>&lt;pre&gt;</c> blocks with aligned columns, and long text split into messages of at most 4,096 visible
/// characters on line boundaries (never inside an entity or a tag; a table split across messages is closed, reopened
/// and gets its header again). Control characters, bidi overrides and lone surrogates are shown as U+FFFD
/// (<see cref="SafeText"/>). Pure: no I/O, no clock.
/// </summary>
public static class TelegramFormatter
{
    /// <summary>The Bot API's limit for a message's text after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Escapes text for HTML parse mode: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>.</summary>
    public static string Escape(string? text) => Escape(text, attribute: false);

    /// <summary>Escapes text for an HTML attribute value: also <c>"</c>.</summary>
    public static string EscapeAttribute(string? text) => Escape(text, attribute: true);

    /// <summary>The icon shown before a reply's title.</summary>
    public static string Icon(ReplySeverity severity) => severity switch
    {
        ReplySeverity.Success => "✅",
        ReplySeverity.Warning => "⚠️",
        ReplySeverity.Danger => "🛑",
        _ => "ℹ️",
    };

    /// <summary>The icon shown before an alert's title.</summary>
    public static string Icon(Severity severity) => severity switch
    {
        Severity.Sev1 => "🚨",
        Severity.Sev2 => "🔴",
        Severity.Sev3 => "🟠",
        _ => "🔵",
    };

    /// <summary>A reply as one or more HTML messages (the buttons go under the last one).</summary>
    public static IReadOnlyList<string> FormatReply(Reply reply, int maxLength = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var chunker = new Chunker(maxLength, html: true);
        chunker.Text($"{Icon(reply.Severity)} {reply.Title}", LineStyle.Bold);
        foreach (var line in reply.Lines)
            chunker.Text(line, LineStyle.Plain);
        foreach (var table in reply.Tables)
        {
            chunker.Blank();
            if (!string.IsNullOrEmpty(table.Caption))
                chunker.Text(table.Caption, LineStyle.Bold);
            var (header, body) = TableLines(table);
            chunker.Pre(header, body);
        }
        if (reply.ConfirmationId is { } id)
        {
            chunker.Blank();
            chunker.Segments(("Or type: ", LineStyle.Plain), ($"/confirm {id}", LineStyle.Code));
        }
        return chunker.Finish();
    }

    /// <summary>
    /// The message that replaces a confirmation preview once a button was pressed: the outcome, then which button
    /// was pressed on which preview. The buttons are removed by the edit.
    /// </summary>
    public static IReadOnlyList<string> FormatOutcome(Reply outcome, string? previewTitle, string? pressedLabel, int maxLength = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var footer = new List<string>();
        if (!string.IsNullOrWhiteSpace(pressedLabel))
            footer.Add($"Button: {pressedLabel}");
        if (!string.IsNullOrWhiteSpace(previewTitle))
            footer.Add($"On: {FirstLine(previewTitle)}");
        var lines = new List<string>(outcome.Lines);
        if (footer.Count > 0)
        {
            lines.Add(string.Empty);
            lines.Add(string.Join(" · ", footer));
        }
        return FormatReply(outcome with { Lines = lines, ConfirmationId = null, Buttons = [] }, maxLength);
    }

    /// <summary>
    /// An alert: severity icon and title, the facts, the first action, and the original time in UTC (with how late it
    /// is, when it is delivered more than a minute after it happened).
    /// </summary>
    public static IReadOnlyList<string> FormatAlert(Alert alert, DateTimeOffset now, int maxLength = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var chunker = new Chunker(maxLength, html: true);
        chunker.Text($"{Icon(alert.Severity)} {SeverityText(alert.Severity)} · {alert.Title}", LineStyle.Bold);
        chunker.Text(alert.Text, LineStyle.Plain);
        if (!string.IsNullOrWhiteSpace(alert.FirstAction))
            chunker.Segments(("First action: ", LineStyle.Bold), (alert.FirstAction, LineStyle.Plain));
        chunker.Text(WhenText(alert.Time, now), LineStyle.Italic);
        return chunker.Finish();
    }

    /// <summary>Plain text (no parse mode) split into messages: the fallback when Telegram refuses our HTML.</summary>
    public static IReadOnlyList<string> SplitPlain(string text, int maxLength = MaxMessageLength)
    {
        var chunker = new Chunker(maxLength, html: false);
        chunker.Text(text, LineStyle.Plain);
        return chunker.Finish();
    }

    /// <summary>An alert as plain text (the fallback).</summary>
    public static string AlertText(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"{Icon(alert.Severity)} {SeverityText(alert.Severity)} · {alert.Title}\n{alert.Text}\nFirst action: {alert.FirstAction}\n{WhenText(alert.Time, now)}";
    }

    /// <summary>A table as aligned monospace lines: header, a rule, then the rows (or "(none)").</summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<string> Body) TableLines(ReplyTable table)
    {
        var columns = Math.Max(table.Headers.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        var widths = new int[columns];
        for (var i = 0; i < table.Headers.Count; i++)
            widths[i] = Clean(table.Headers[i]).Length;
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Count; i++)
                widths[i] = Math.Max(widths[i], Clean(row[i]).Length);
        }
        string Line(IReadOnlyList<string> cells)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < columns; i++)
            {
                var cell = i < cells.Count ? Clean(cells[i]) : string.Empty;
                sb.Append(i == columns - 1 ? cell : cell.PadRight(widths[i] + 2));
            }
            return sb.ToString().TrimEnd();
        }
        var header = new List<string> { Line(table.Headers) };
        header.Add(new string('-', Math.Max(1, header[0].Length)));
        var body = table.Rows.Count == 0 ? ["(none)"] : table.Rows.Select(Line).ToList();
        return (header, body);
    }

    private static string Clean(string? cell) => SafeText.Clean(cell).Replace('\n', ' ').Replace('\t', ' ');

    private static string SeverityText(Severity severity) => "SEV" + ((int)severity).ToString(CultureInfo.InvariantCulture);

    private static string WhenText(DateTimeOffset time, DateTimeOffset now)
    {
        var text = time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var late = now - time;
        if (late >= TimeSpan.FromMinutes(1))
            text += $" ({Fmt.Ago(time, now)})";
        return text;
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    private static string Escape(string? text, bool attribute)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                _ when SafeText.IsUnsafe(c) => "\uFFFD",
                _ => null,
            };
            if (replacement is null && char.IsSurrogate(c))
            {
                // A lone surrogate is not UTF-8 encodable and the Bot API refuses the whole message.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            }
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    internal enum LineStyle
    {
        Plain,
        Bold,
        Italic,
        Code,
    }

    /// <summary>
    /// Builds messages line by line. Lengths are counted as Telegram counts them: visible characters (an entity is
    /// one character, tags are none), newlines included. Values are escaped only when written, so a split can never
    /// fall inside an entity, and tags are always closed in the message that opened them.
    /// </summary>
    internal sealed class Chunker
    {
        private readonly int _limit;
        private readonly bool _html;
        private readonly List<string> _chunks = [];
        private readonly StringBuilder _sb = new();
        private int _visible;
        private bool _empty = true;
        private bool _preOpen;
        private IReadOnlyList<string> _preHeader = [];
        private bool _repeatHeader;

        public Chunker(int limit, bool html)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 16);
            _limit = limit;
            _html = html;
        }

        public void Blank()
        {
            ClosePre();
            if (!_empty)
                AppendLine(string.Empty, LineStyle.Plain, pre: false);
        }

        public void Text(string? text, LineStyle style)
        {
            ClosePre();
            foreach (var line in Lines(text))
                Add(line, style, pre: false);
        }

        public void Segments(params (string Text, LineStyle Style)[] segments)
        {
            ClosePre();
            var flat = string.Concat(segments.Select(s => s.Text));
            if (flat.Contains('\n', StringComparison.Ordinal) || flat.Length > _limit || !_html)
            {
                Text(flat, LineStyle.Plain);
                return;
            }
            if (Overhead(pre: false) + flat.Length > _limit - _visible)
                Flush();
            if (!_empty)
            {
                _sb.Append('\n');
                _visible++;
            }
            foreach (var (text, style) in segments)
                _sb.Append(Wrap(text, style));
            _visible += flat.Length;
            _empty = false;
        }

        public void Pre(IReadOnlyList<string> header, IReadOnlyList<string> body)
        {
            ClosePre();
            var headerCost = header.Sum(h => h.Length + 1);
            _preHeader = headerCost <= _limit / 4 ? header : [];
            _repeatHeader = false;
            foreach (var line in header)
                Add(line, LineStyle.Plain, pre: true);
            _repeatHeader = _preHeader.Count > 0;
            foreach (var line in body)
                Add(line, LineStyle.Plain, pre: true);
            ClosePre();
        }

        public IReadOnlyList<string> Finish()
        {
            Flush();
            return _chunks.Count == 0 ? ["…"] : _chunks;
        }

        private void ClosePre()
        {
            if (_preOpen)
            {
                if (_html)
                    _sb.Append("</pre>");
                _preOpen = false;
            }
            _preHeader = [];
            _repeatHeader = false;
        }

        private void Add(string line, LineStyle style, bool pre)
        {
            var rest = line;
            while (true)
            {
                var room = _limit - _visible - Overhead(pre);
                if (rest.Length <= room)
                {
                    AppendLine(rest, style, pre);
                    return;
                }
                if (!_empty)
                {
                    // Start a new message unless the line is too long for any message and there is good room here.
                    var freshRoom = _limit - FreshOverhead(pre);
                    if (rest.Length <= freshRoom || room < _limit / 8)
                    {
                        Flush();
                        continue;
                    }
                }
                if (room <= 0)
                {
                    Flush();
                    continue;
                }
                var cut = BreakPoint(rest, room);
                AppendLine(rest[..cut], style, pre);
                rest = rest[cut..];
                Flush();
            }
        }

        /// <summary>Visible characters a new line costs besides its own: the newline before it, a repeated table header.</summary>
        private int Overhead(bool pre)
        {
            var cost = _empty ? 0 : 1;
            if (pre && !_preOpen && _repeatHeader)
                cost += _preHeader.Sum(h => h.Length + 1);
            return cost;
        }

        private int FreshOverhead(bool pre) => pre && _repeatHeader ? _preHeader.Sum(h => h.Length + 1) : 0;

        private void AppendLine(string line, LineStyle style, bool pre)
        {
            if (_empty && line.Length == 0 && !pre)
                return;
            if (pre && !_preOpen)
            {
                if (!_empty)
                {
                    _sb.Append('\n');
                    _visible++;
                }
                if (_html)
                    _sb.Append("<pre>");
                _preOpen = true;
                _empty = false;
                var first = true;
                if (_repeatHeader)
                {
                    foreach (var h in _preHeader)
                    {
                        if (!first)
                        {
                            _sb.Append('\n');
                            _visible++;
                        }
                        _sb.Append(_html ? Escape(h) : SafeText.Clean(h));
                        _visible += h.Length;
                        first = false;
                    }
                }
                if (!first)
                {
                    _sb.Append('\n');
                    _visible++;
                }
                _sb.Append(_html ? Escape(line) : SafeText.Clean(line));
                _visible += line.Length;
                return;
            }
            if (!_empty)
            {
                _sb.Append('\n');
                _visible++;
            }
            _sb.Append(pre ? (_html ? Escape(line) : SafeText.Clean(line)) : Wrap(line, style));
            _visible += line.Length;
            _empty = false;
        }

        private string Wrap(string text, LineStyle style)
        {
            if (!_html)
                return SafeText.Clean(text);
            if (text.Length == 0)
                return string.Empty;
            var escaped = Escape(text);
            return style switch
            {
                LineStyle.Bold => "<b>" + escaped + "</b>",
                LineStyle.Italic => "<i>" + escaped + "</i>",
                LineStyle.Code => "<code>" + escaped + "</code>",
                _ => escaped,
            };
        }

        private void Flush()
        {
            // An open table is closed here; its next line reopens it (with the header again) in the next message.
            if (_preOpen)
            {
                if (_html)
                    _sb.Append("</pre>");
                _preOpen = false;
            }
            var text = _sb.ToString().TrimEnd('\n');
            if (text.AsSpan().IndexOfAnyExcept(" \n\t") >= 0 && text != "<pre></pre>")
                _chunks.Add(text);
            _sb.Clear();
            _visible = 0;
            _empty = true;
        }

        private static int BreakPoint(string text, int room)
        {
            var cut = Math.Min(room, text.Length);
            var space = text.LastIndexOf(' ', cut - 1, cut);
            if (space >= cut / 2 && space > 0)
                cut = space + 1;
            if (cut < text.Length && cut > 1 && char.IsHighSurrogate(text[cut - 1]))
                cut--;
            return Math.Max(1, cut);
        }

        private static IEnumerable<string> Lines(string? text) =>
            (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
    }
}
