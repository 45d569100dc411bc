using ChatOpsTrader.Chat.Commands;

namespace ChatOpsTrader.Tests.Chat;

public class CommandParserTests
{
    [Theory]
    [InlineData("/trades losers", "trades", "losers")]
    [InlineData("  /TRADES   losers  ", "trades", "losers")]
    [InlineData("/trades@ChatOpsBot losers", "trades", "losers")]
    [InlineData("/halt going to lunch", "halt", "going")]
    public void Parses_name_and_arguments_the_same_way_everywhere(string text, string name, string firstArg)
    {
        var parsed = CommandParser.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal(name, parsed!.Name);
        Assert.Equal(firstArg, parsed.Arguments[0]);
    }

    [Fact]
    public void Keeps_the_raw_argument_text_for_reasons()
    {
        var parsed = CommandParser.Parse("/halt  fat finger on <b>AAPL</b> & co", out _);
        Assert.Equal("fat finger on <b>AAPL</b> & co", parsed!.Raw);
    }

    [Fact]
    public void Reads_the_bot_suffix()
    {
        Assert.Equal("OtherBot", CommandParser.Parse("/status@OtherBot", out _)!.BotName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("status")]
    [InlineData("/")]
    [InlineData("/sta!tus")]
    [InlineData("/status\u0000")]
    public void Rejects_what_is_not_a_command_with_a_clear_error(string text)
    {
        Assert.Null(CommandParser.Parse(text, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Rejects_oversized_text()
    {
        Assert.Null(CommandParser.Parse("/halt " + new string('x', 2000), out var error));
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }
}
