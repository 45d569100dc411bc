using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Tests.Discord;

public class DiscordFormatterTests
{
    private const string Hostile = "<b>bold</b> & @everyone @here <@123456789012345678> <#42> [click](https://evil.example) **x** `code` ||spoiler|| ~~s~~ _i_ \\";

    private static JsonObject EmbedOf(JsonObject message) => (JsonObject)message["embeds"]![0]!;

    private static string Description(JsonObject message) => EmbedOf(message)["description"]?.GetValue<string>() ?? string.Empty;

    [Fact]
    public void Every_message_carries_empty_allowed_mentions()
    {
        Assert.Empty(DiscordLimits.Violations(DiscordFormatter.Message(new Reply { Title = "t" }, false, null)));
        Assert.Empty(DiscordLimits.Violations(DiscordFormatter.Text("hi @everyone", true)));
        Assert.Empty(DiscordLimits.Violations(DiscordFormatter.Alert(new Alert("a", DateTimeOffset.UnixEpoch, Severity.Sev1, "k", "t", "x", "y"))));
        Assert.Equal("{\"parse\":[]}", DiscordFormatter.Message(new Reply { Title = "t" }, false, null)["allowed_mentions"]!.ToJsonString());
    }

    [Fact]
    public void Hostile_text_is_escaped_so_it_shows_as_typed_and_html_is_left_alone()
    {
        var escaped = DiscordFormatter.Escape(Hostile);
        Assert.Contains("\\<b>bold\\</b> & \\@everyone \\@here \\<\\@123456789012345678> \\<#42> \\[click\\](https://evil.example)", escaped, StringComparison.Ordinal);
        Assert.Contains("\\*\\*x\\*\\* \\`code\\` \\|\\|spoiler\\|\\| \\~\\~s\\~\\~ \\_i\\_ \\\\", escaped, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", escaped, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_start_markdown_is_escaped_but_mid_line_punctuation_is_not()
    {
        Assert.Equal("\\# heading\n  \\> quote\n\\- item a-b > c", DiscordFormatter.Escape("# heading\n  > quote\n- item a-b > c"));
        Assert.Equal("P&L -$12.50 (by discord:30)", DiscordFormatter.Escape("P&L -$12.50 (by discord:30)"));
    }

    [Fact]
    public void A_5000_character_hostile_reply_is_cut_within_every_limit_with_a_clear_marker()
    {
        var huge = string.Concat(Enumerable.Repeat(Hostile + " ", 60))[..5000];
        var reply = new Reply
        {
            Title = huge,
            Severity = ReplySeverity.Danger,
            Lines = [huge, huge, huge, huge, huge],
            Tables = [new ReplyTable(huge, ["Who", "What"], [.. Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)[$"u{i}", huge])])],
            ConfirmationId = "0123456789abcdef0123456789abcdef",
            Buttons = [new ReplyButton(huge, "/confirm 0123456789abcdef0123456789abcdef", ButtonStyle.Danger)],
        };
        var message = DiscordFormatter.Message(reply, ephemeral: false, "100000000000000030");
        Assert.Empty(DiscordLimits.Violations(message));
        var embed = EmbedOf(message);
        Assert.EndsWith(DiscordFormatter.TruncatedMarker, embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(DiscordFormatter.TruncatedMarker, Description(message), StringComparison.Ordinal);
        Assert.Equal(80, message["components"]![0]!["components"]![0]!["label"]!.GetValue<string>().Length);
        Assert.DoesNotContain("<@", Description(message).Replace("\\<\\@", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_table_keeps_whole_rows_and_says_how_many_were_left_out()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => (IReadOnlyList<string>)[$"SYM{i:0000}", "100", "12.34"]).ToList();
        var reply = new Reply { Title = "Positions (1000)", Lines = ["one line"], Tables = [new ReplyTable(null, ["Symbol", "Qty", "Avg"], rows)] };
        var description = Description(DiscordFormatter.Message(reply, false, null));
        Assert.True(description.Length <= DiscordFormatter.DescriptionLimit);
        Assert.StartsWith("one line\n\n```\nSymbol", description, StringComparison.Ordinal);
        Assert.EndsWith("more row(s)\n```", description, StringComparison.Ordinal);
        var shownRows = description.Split('\n').Count(l => l.StartsWith("SYM", StringComparison.Ordinal));
        Assert.Contains($"{DiscordFormatter.TruncatedMarker} {1000 - shownRows} more row(s)", description, StringComparison.Ordinal);
        Assert.True(shownRows > 50, $"only {shownRows} rows shown");
        Assert.All(description.Split('\n').Where(l => l.StartsWith("SYM", StringComparison.Ordinal)), l => Assert.Matches(@"^SYM\d{4}\s+100\s+12\.34$", l));
    }

    [Fact]
    public void Tables_are_code_blocks_that_a_backtick_in_a_cell_cannot_break()
    {
        var reply = new Reply { Title = "Audit", Tables = [new ReplyTable("Caption *x*", ["Detail"], [["```@everyone```"]])] };
        var description = Description(DiscordFormatter.Message(reply, false, null));
        Assert.Equal("**Caption \\*x\\***\n```\nDetail\nˋˋˋ@everyoneˋˋˋ\n```", description);
    }

    [Fact]
    public void Colour_follows_severity()
    {
        var colours = Enum.GetValues<ReplySeverity>().Select(s => EmbedOf(DiscordFormatter.Message(new Reply { Title = "t", Severity = s }, false, null))["color"]!.GetValue<int>()).ToList();
        Assert.Equal(colours.Count, colours.Distinct().Count());
        Assert.Equal(0xE74C3C, DiscordFormatter.Colour(ReplySeverity.Danger));
        Assert.Equal(0x2ECC71, DiscordFormatter.Colour(ReplySeverity.Success));
    }

    [Fact]
    public void Ephemeral_sets_flag_64_only_when_asked()
    {
        Assert.Equal(64, DiscordFormatter.Message(new Reply { Title = "t" }, true, null)["flags"]!.GetValue<int>());
        Assert.Null(DiscordFormatter.Message(new Reply { Title = "t" }, false, null)["flags"]);
    }

    [Fact]
    public void Confirmation_buttons_are_bound_to_the_requester_and_round_trip_through_custom_id()
    {
        const string id = "0123456789abcdef0123456789abcdef";
        var reply = new Reply
        {
            Title = "Flatten ALL: preview",
            ConfirmationId = id,
            Buttons = [new ReplyButton("Confirm flatten", $"/confirm {id}", ButtonStyle.Danger), new ReplyButton("Cancel", $"/confirm cancel-{id}", ButtonStyle.Secondary)],
        };
        var row = (JsonArray)DiscordFormatter.Message(reply, false, "100000000000000030")["components"]![0]!["components"]!;
        Assert.Equal(4, row[0]!["style"]!.GetValue<int>());
        Assert.Equal(2, row[1]!["style"]!.GetValue<int>());
        var confirm = DiscordFormatter.ParseCustomId(row[0]!["custom_id"]!.GetValue<string>());
        var cancel = DiscordFormatter.ParseCustomId(row[1]!["custom_id"]!.GetValue<string>());
        Assert.Equal(new ButtonAction($"/confirm {id}", "100000000000000030", id), confirm);
        Assert.Equal(new ButtonAction($"/confirm cancel-{id}", "100000000000000030", id), cancel);
        Assert.Contains($"/confirm {id}", EmbedOf(DiscordFormatter.Message(reply, false, null))["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cc:nothex:100000000000000030")]
    [InlineData("cc:0123456789abcdef0123456789abcdef:notanid")]
    [InlineData("cc:0123456789abcdef0123456789abcdef:1:2")]
    [InlineData("xx:/halt")]
    [InlineData("rc:halt")]
    [InlineData("rc:/halt\nnow")]
    public void Foreign_or_malformed_custom_ids_are_rejected(string? customId) => Assert.Null(DiscordFormatter.ParseCustomId(customId));

    [Fact]
    public void A_button_whose_command_does_not_fit_100_characters_is_left_out()
    {
        var buttons = new[] { new ReplyButton("Long", "/halt " + new string('x', 200), ButtonStyle.Primary), new ReplyButton("Halt", "/halt from button", ButtonStyle.Danger) };
        var rows = DiscordFormatter.Components(buttons, null);
        var only = Assert.Single(((JsonArray)rows[0]!["components"]!));
        Assert.Equal("rc:/halt from button", only!["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public void More_than_25_buttons_stay_within_5_rows_of_5()
    {
        var buttons = Enumerable.Range(0, 40).Select(i => new ReplyButton($"B{i}", $"/audit {i + 1}", ButtonStyle.Primary)).ToList();
        var message = new JsonObject { ["components"] = DiscordFormatter.Components(buttons, null), ["allowed_mentions"] = DiscordFormatter.NoMentions() };
        Assert.Empty(DiscordLimits.Violations(message));
        Assert.Equal(5, ((JsonArray)message["components"]!).Count);
    }

    [Fact]
    public void An_alert_has_severity_title_facts_first_action_and_the_original_time()
    {
        var time = new DateTimeOffset(2026, 11, 18, 14, 30, 5, TimeSpan.Zero);
        var message = DiscordFormatter.Alert(new Alert("id1", time, Severity.Sev1, "loss", "Daily loss limit hit @everyone", "P&L -$2,000.00 <b>", "Check /positions"));
        Assert.Empty(DiscordLimits.Violations(message));
        var embed = EmbedOf(message);
        Assert.Equal("SEV1: Daily loss limit hit \\@everyone", embed["title"]!.GetValue<string>());
        Assert.Equal("P&L -$2,000.00 \\<b>", embed["description"]!.GetValue<string>());
        Assert.Equal(0xE74C3C, embed["color"]!.GetValue<int>());
        var fields = (JsonArray)embed["fields"]!;
        Assert.Equal("First action", fields[0]!["name"]!.GetValue<string>());
        Assert.Equal("Check /positions", fields[0]!["value"]!.GetValue<string>());
        Assert.StartsWith("2026-11-18 14:30:05 UTC", fields[1]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2026-11-18T14:30:05.000Z", embed["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public void A_huge_alert_stays_within_the_6000_character_total()
    {
        var text = new string('a', 9000);
        var message = DiscordFormatter.Alert(new Alert("id", DateTimeOffset.UnixEpoch, Severity.Sev3, "k", new string('t', 400), text, new string('f', 3000)));
        Assert.Empty(DiscordLimits.Violations(message));
        Assert.EndsWith(DiscordFormatter.TruncatedMarker, EmbedOf(message)["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_never_leaves_a_lone_escape_or_a_split_surrogate()
    {
        Assert.Equal("ab" + DiscordFormatter.TruncatedMarker, DiscordFormatter.Truncate("ab\\*cdefghijklmnop", 2 + 1 + DiscordFormatter.TruncatedMarker.Length));
        var emoji = "a" + "\U0001F600" + "bcdefghijklmnopqrstuvwxyz";
        var cut = DiscordFormatter.Truncate(emoji, 2 + DiscordFormatter.TruncatedMarker.Length);
        Assert.Equal("a" + DiscordFormatter.TruncatedMarker, cut);
        Assert.Equal(DiscordFormatter.TruncatedMarker[..5], DiscordFormatter.Truncate("0123456789abcdef", 5));
    }

    [Fact]
    public void Not_authorized_text_is_ephemeral_content_without_embeds()
    {
        var message = DiscordFormatter.Text(DiscordFormatter.NotAuthorizedText, ephemeral: true);
        Assert.Equal("You are not authorized.", message["content"]!.GetValue<string>());
        Assert.Equal(64, message["flags"]!.GetValue<int>());
        Assert.Null(message["embeds"]);
        Assert.Equal(DiscordFormatter.ContentLimit, DiscordFormatter.Text(new string('x', 5000), false)["content"]!.GetValue<string>().Length);
    }
}
