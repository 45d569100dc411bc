using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Tests.Support;

namespace ChatOpsTrader.Tests.Discord;

public class DiscordCommandsTests
{
    private static async Task<IReadOnlyCollection<CommandDefinition>> CatalogueAsync()
    {
        await using var h = await new EngineHarness().StartAsync();
        return DiscordRouter.Create(h).Commands;
    }

    private static JsonElement Data(string name, params (string Name, int Type, JsonNode Value)[] options) =>
        JsonDocument.Parse(FakeDiscord.SlashCommand("1", DiscordRouter.Admin, name, options)["data"]!.ToJsonString()).RootElement;

    [Fact]
    public async Task There_is_one_valid_slash_command_per_router_command()
    {
        var catalogue = await CatalogueAsync();
        var commands = DiscordCommands.Build(catalogue);
        Assert.Equal(catalogue.Select(c => c.Name).Order(), commands.Select(c => c!["name"]!.GetValue<string>()).Order());
        foreach (var command in commands.Cast<JsonObject>())
        {
            Assert.Matches(new Regex(@"^[-_\p{L}\p{N}]{1,32}$"), command["name"]!.GetValue<string>());
            Assert.Equal(command["name"]!.GetValue<string>().ToLowerInvariant(), command["name"]!.GetValue<string>());
            Assert.InRange(command["description"]!.GetValue<string>().Length, 1, 100);
            Assert.Equal(1, command["type"]!.GetValue<int>());
            var options = command["options"] as JsonArray ?? [];
            Assert.True(options.Count <= 25);
            var required = options.Select(o => o!["required"]!.GetValue<bool>()).ToList();
            Assert.Equal(required.OrderByDescending(r => r), required);
            foreach (var option in options.Cast<JsonObject>())
            {
                Assert.InRange(option["description"]!.GetValue<string>().Length, 1, 100);
                Assert.True((option["choices"] as JsonArray ?? []).Count <= 25);
            }
        }
    }

    [Fact]
    public async Task Admin_commands_are_hidden_from_non_admins_by_default_and_the_kill_switch_is_not()
    {
        var commands = DiscordCommands.Build(await CatalogueAsync()).Cast<JsonObject>().ToDictionary(c => c["name"]!.GetValue<string>());
        Assert.Equal("0", commands["flatten"]["default_member_permissions"]!.GetValue<string>());
        Assert.Equal("0", commands["resume"]["default_member_permissions"]!.GetValue<string>());
        Assert.Null(commands["halt"]["default_member_permissions"]);
        Assert.Null(commands["status"]["default_member_permissions"]);
    }

    [Fact]
    public async Task Trades_has_a_filter_with_the_router_choices_and_a_count()
    {
        var trades = DiscordCommands.Build(await CatalogueAsync()).Cast<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "trades");
        var options = (JsonArray)trades["options"]!;
        Assert.Equal(["losers", "winners", "today"], ((JsonArray)options[0]!["choices"]!).Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal(3, options[0]!["type"]!.GetValue<int>());
        Assert.Equal(4, options[1]!["type"]!.GetValue<int>());
        Assert.Equal(500, options[1]!["max_value"]!.GetValue<int>());
    }

    [Fact]
    public void Options_become_the_command_text_the_router_expects()
    {
        Assert.Equal("/trades losers", DiscordCommands.CommandText(Data("trades", ("filter", 3, "losers"))));
        Assert.Equal("/trades 25", DiscordCommands.CommandText(Data("trades", ("count", 4, 25))));
        Assert.Equal("/status", DiscordCommands.CommandText(Data("status")));
        Assert.Equal("/halt broker acting weird", DiscordCommands.CommandText(Data("halt", ("reason", 3, "  broker acting weird "))));
        Assert.Equal("/resume override all clear", DiscordCommands.CommandText(Data("resume", ("reason", 3, "all clear"), ("override", 5, true))));
        Assert.Equal("/resume all clear", DiscordCommands.CommandText(Data("resume", ("reason", 3, "all clear"), ("override", 5, false))));
        Assert.Equal("/halt ab", DiscordCommands.CommandText(Data("halt", ("reason", 3, "a\u0000b"))));
    }

    [Fact]
    public void Subcommands_are_spelled_out_as_words()
    {
        var data = JsonDocument.Parse("""{"name":"trades","options":[{"name":"losers","type":1,"options":[{"name":"n","type":4,"value":3}]}]}""").RootElement;
        Assert.Equal("/trades losers 3", DiscordCommands.CommandText(data));
    }

    [Theory]
    [InlineData("""{"name":"Status"}""")]
    [InlineData("""{"name":"st atus"}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""[]""")]
    public void A_name_that_is_not_a_command_name_gives_no_text(string json) =>
        Assert.Null(DiscordCommands.CommandText(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void A_command_added_to_the_router_later_gets_a_free_text_argument()
    {
        var later = new CommandDefinition("limitset", Role.Admin, "/limitset <name> <value>", "change one limit", true, (_, _) => Task.FromResult(new Reply { Title = "x" }));
        var command = (JsonObject)DiscordCommands.Build([later])[0]!;
        Assert.Equal("arguments", command["options"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("/limitset daily 500", DiscordCommands.CommandText(Data("limitset", ("arguments", 3, "daily 500"))));
    }
}
