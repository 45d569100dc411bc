using System.Text;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Tests.Telegram;

public class TelegramFormatterTests
{
    private static string Visible(string html)
    {
        var problem = FakeTelegramServer.ParseHtml(html, out var visible);
        Assert.True(problem is null, $"Telegram would refuse this HTML ({problem}): {html[..Math.Min(300, html.Length)]}");
        return visible;
    }

    [Fact]
    public void Escape_replaces_ampersand_and_angle_brackets_and_quotes_only_in_attributes()
    {
        Assert.Equal("&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt;", TelegramFormatter.Escape("<b>Tom & \"Jerry\"</b>"));
        Assert.Equal("a &amp; &quot;b&quot; &lt;c&gt;", TelegramFormatter.EscapeAttribute("a & \"b\" <c>"));
        Assert.Equal("plain text", TelegramFormatter.Escape("plain text"));
        Assert.Equal(string.Empty, TelegramFormatter.Escape(null));
    }

    [Fact]
    public void A_lone_surrogate_is_replaced_so_the_message_stays_valid_UTF8_but_pairs_survive()
    {
        Assert.Equal("a\uFFFDb😀", TelegramFormatter.Escape("a\uD800b😀"));
    }

    [Fact]
    public void A_reply_has_its_title_in_bold_with_an_icon_then_its_lines()
    {
        var parts = TelegramFormatter.FormatReply(new Reply { Title = "ChatOpsTrader: Active", Severity = ReplySeverity.Success, Lines = ["State: Active", "P&L today: +$1.00"] });

        var html = Assert.Single(parts);
        Assert.StartsWith("<b>✅ ChatOpsTrader: Active</b>\n", html, StringComparison.Ordinal);
        Assert.Contains("\nP&amp;L today: +$1.00", html, StringComparison.Ordinal);
        Assert.Equal("✅ ChatOpsTrader: Active\nState: Active\nP&L today: +$1.00", Visible(html));
    }

    [Fact]
    public void Hostile_text_stays_text_everywhere_a_value_is_interpolated()
    {
        const string hostile = "<b>bold?</b> & <a href=\"x\">@everyone</a> &amp; </pre>";
        var reply = new Reply
        {
            Title = hostile,
            Lines = [hostile],
            Tables = [new ReplyTable(hostile, [hostile, "B"], [[hostile, "<i>"]])],
            ConfirmationId = "<id>",
        };

        var html = Assert.Single(TelegramFormatter.FormatReply(reply));
        var visible = Visible(html);

        Assert.Equal(5, CountOf(visible, hostile));
        Assert.Equal(1, CountOf(visible, "  <i>"));
        Assert.Equal(1, CountOf(visible, "/confirm <id>"));
        Assert.Contains("@everyone", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold?</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_pre_blocks_with_aligned_columns_and_none_when_empty()
    {
        var reply = new Reply
        {
            Title = "Positions (2)",
            Tables =
            [
                new ReplyTable("Open", ["Symbol", "Qty", "P&L"], [["AAPL", "10", "+$5.00"], ["BRK.B", "1500", "-$120.50"]]),
                new ReplyTable(null, ["Id"], []),
            ],
        };

        var html = Assert.Single(TelegramFormatter.FormatReply(reply));
        Assert.Contains("<b>Open</b>\n<pre>", html, StringComparison.Ordinal);
        var visible = Visible(html).Split('\n');
        var header = Array.FindIndex(visible, l => l.StartsWith("Symbol", StringComparison.Ordinal));
        var rows = visible[header..(header + 4)];
        Assert.Equal("Symbol  Qty   P&L", rows[0]);
        Assert.Matches("^-+$", rows[1]);
        Assert.Equal("AAPL    10    +$5.00", rows[2]);
        Assert.Equal("BRK.B   1500  -$120.50", rows[3]);
        Assert.Contains("(none)", visible);
        Assert.Equal(2, CountOf(html, "<pre>"));
        Assert.Equal(2, CountOf(html, "</pre>"));
    }

    [Fact]
    public void A_confirmation_id_is_shown_as_a_command_to_copy()
    {
        var html = Assert.Single(TelegramFormatter.FormatReply(new Reply { Title = "Flatten ALL: preview", ConfirmationId = "0123456789abcdef0123456789abcdef" }));
        Assert.Contains("<code>/confirm 0123456789abcdef0123456789abcdef</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_5000_character_hostile_line_is_split_into_valid_messages_of_at_most_4096_visible_characters_without_losing_anything()
    {
        var sb = new StringBuilder();
        var pieces = new[] { "<b>", "&", "@everyone ", "&amp;", "\"", ">", "x" };
        for (var i = 0; sb.Length < 5000; i++)
            sb.Append(pieces[i % pieces.Length]);
        var hostile = sb.ToString()[..5000];

        var parts = TelegramFormatter.FormatReply(new Reply { Title = "Echo", Lines = [hostile] });

        Assert.Equal(2, parts.Count);
        var visible = parts.Select(Visible).ToList();
        Assert.All(visible, v => Assert.InRange(v.Length, 1, TelegramFormatter.MaxMessageLength));
        Assert.Equal("ℹ️ Echo\n" + hostile, string.Concat(visible));
    }

    [Fact]
    public void Long_replies_split_on_line_boundaries()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i:D3} " + new string('=', 40)).ToList();

        var parts = TelegramFormatter.FormatReply(new Reply { Title = "Many lines", Lines = lines });

        Assert.True(parts.Count >= 4);
        var all = parts.Select(Visible).SelectMany(v => v.Split('\n')).ToList();
        Assert.Equal(["ℹ️ Many lines", .. lines], all);
        Assert.All(parts, p => Assert.True(Visible(p).Length <= TelegramFormatter.MaxMessageLength));
    }

    [Fact]
    public void A_table_split_across_messages_is_closed_and_reopened_with_its_header_in_each_message()
    {
        var rows = Enumerable.Range(0, 400).Select(i => (IReadOnlyList<string>)[$"SYM{i:D3}", (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture), "+$1,234.56"]).ToList();

        var parts = TelegramFormatter.FormatReply(new Reply { Title = "Positions (400)", Tables = [new ReplyTable(null, ["Symbol", "Qty", "Unreal."], rows)] });

        Assert.True(parts.Count >= 3, $"{parts.Count} parts");
        var seen = new List<string>();
        foreach (var part in parts)
        {
            Assert.Equal(1, CountOf(part, "<pre>"));
            Assert.EndsWith("</pre>", part, StringComparison.Ordinal);
            var lines = Visible(part).Split('\n');
            var header = Array.FindIndex(lines, l => l.StartsWith("Symbol", StringComparison.Ordinal));
            Assert.True(header >= 0, "every part repeats the table header");
            Assert.Matches("^-+$", lines[header + 1]);
            seen.AddRange(lines[(header + 2)..]);
        }
        Assert.Equal(rows.Select(r => r[0]), seen.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void Random_hostile_replies_always_split_into_valid_messages_that_keep_every_character()
    {
        var random = new Random(4096);
        const string alphabet = "<>&\"' @abcXYZ019\t😀é/\\;#";
        for (var round = 0; round < 200; round++)
        {
            var limit = random.Next(16, 300);
            var lines = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomText(random, alphabet, random.Next(0, 700))).ToList();
            var title = RandomText(random, alphabet, random.Next(1, 40));

            var parts = TelegramFormatter.FormatReply(new Reply { Title = title, Lines = lines }, limit);

            var visible = parts.Select(Visible).ToList();
            Assert.All(visible, v => Assert.True(v.Length <= limit, $"{v.Length} > {limit}"));
            Assert.All(visible, v => Assert.False(HasLoneSurrogate(v)));
            var expected = string.Concat(new[] { "ℹ️ " + title }.Concat(lines)).Replace(" ", string.Empty, StringComparison.Ordinal);
            Assert.Equal(expected, string.Concat(visible).Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_alert_shows_severity_title_facts_first_action_and_the_original_time_in_UTC()
    {
        var time = new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(-5));
        var alert = new Alert("a1", time, Severity.Sev1, "loss", "Daily loss limit <breached>", "P&L -$2,100.00 vs limit $2,000.00", "Check /status & /positions");

        var html = Assert.Single(TelegramFormatter.FormatAlert(alert, time.AddMinutes(5)));
        var visible = Visible(html);

        Assert.StartsWith("<b>🚨 SEV1 · Daily loss limit &lt;breached&gt;</b>", html, StringComparison.Ordinal);
        Assert.Contains("P&L -$2,100.00 vs limit $2,000.00", visible, StringComparison.Ordinal);
        Assert.Contains("<b>First action: </b>Check /status &amp; /positions", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-18 15:00:00 UTC (5 min ago)", visible, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outcome_replaces_a_preview_with_what_happened_and_which_button_was_pressed()
    {
        var outcome = new Reply { Title = "Flatten done", Severity = ReplySeverity.Success, Lines = ["FLAT at the broker and HALTED."] };

        var visible = Visible(Assert.Single(TelegramFormatter.FormatOutcome(outcome, "🛑 Flatten ALL: preview\nmore", "Confirm flatten")));

        Assert.Equal("✅ Flatten done\nFLAT at the broker and HALTED.\n\nButton: Confirm flatten · On: 🛑 Flatten ALL: preview", visible);
    }

    [Fact]
    public void Plain_text_splits_too()
    {
        var parts = TelegramFormatter.SplitPlain(new string('a', 5000) + "\n<b>", 4096);
        Assert.Equal(2, parts.Count);
        Assert.Equal(new string('a', 5000) + "<b>", string.Concat(parts).Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    private static string RandomText(Random random, string alphabet, int length)
    {
        var sb = new StringBuilder();
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var items = new List<string>();
        while (elements.MoveNext())
            items.Add((string)elements.Current);
        while (sb.Length < length)
            sb.Append(items[random.Next(items.Count)]);
        return sb.ToString().Replace("\t", " ", StringComparison.Ordinal);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return true;
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
