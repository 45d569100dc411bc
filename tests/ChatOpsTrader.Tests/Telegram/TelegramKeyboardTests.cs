using System.Text;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Telegram;

namespace ChatOpsTrader.Tests.Telegram;

public class TelegramKeyboardTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Confirm_and_cancel_buttons_become_short_callback_data_that_map_back_to_the_same_commands()
    {
        var keyboard = TelegramKeyboard.FromButtons([new ReplyButton("Confirm flatten", $"/confirm {Id}", ButtonStyle.Danger), new ReplyButton("Cancel", $"/confirm cancel-{Id}", ButtonStyle.Secondary)]);

        var row = Assert.Single(keyboard!.InlineKeyboard);
        Assert.Equal(["c:" + Id, "x:" + Id], row.Select(b => b.CallbackData));
        Assert.Equal(["danger", null], row.Select(b => b.Style));
        Assert.All(row, b => Assert.InRange(Encoding.UTF8.GetByteCount(b.CallbackData!), 1, TelegramKeyboard.MaxCallbackDataBytes));
        Assert.Equal($"/confirm {Id}", TelegramKeyboard.ToCommand(row[0].CallbackData));
        Assert.Equal($"/confirm cancel-{Id}", TelegramKeyboard.ToCommand(row[1].CallbackData));
    }

    [Fact]
    public void Other_short_commands_are_carried_whole_and_long_ones_are_left_out()
    {
        Assert.Equal("r:/status", TelegramKeyboard.ToCallbackData("/status"));
        Assert.Equal("/status", TelegramKeyboard.ToCommand("r:/status"));
        Assert.Null(TelegramKeyboard.ToCallbackData("/halt " + new string('x', 80)));
        Assert.Null(TelegramKeyboard.FromButtons([new ReplyButton("Too long", "/halt " + new string('x', 80), ButtonStyle.Primary)]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c:")]
    [InlineData("c:../etc")]
    [InlineData("c:abc def")]
    [InlineData("z:abc")]
    [InlineData("r:status")]
    [InlineData("r:/halt\u0000")]
    [InlineData("fl:c:abc")]
    public void Data_that_is_not_ours_maps_to_no_command(string? data) => Assert.Null(TelegramKeyboard.ToCommand(data));
}
