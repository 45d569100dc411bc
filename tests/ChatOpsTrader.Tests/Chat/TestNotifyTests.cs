using ChatOpsTrader.Chat.Alerts;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsTrader.Tests.Chat;

public class TestNotifyTests
{
    private sealed class Channel(string name, bool enabled, AlertDelivery result) : IAlertChannel
    {
        public int Sent { get; private set; }

        public string Name => name;

        public bool IsEnabled => enabled;

        public Task<AlertDelivery> DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Sent++;
            return Task.FromResult(result);
        }
    }

    [Fact]
    public async Task Test_notify_sends_to_every_configured_channel_and_reports_which_worked()
    {
        await using var h = await new EngineHarness().StartAsync();
        var telegram = new Channel("telegram", true, AlertDelivery.Ok("2 chats"));
        var discord = new Channel("discord", true, AlertDelivery.Failed("401: the bot token was refused", retryable: false));
        var slack = new Channel("other", false, AlertDelivery.Ok());
        var router = new CommandRouter(h.Engine, h.Journal, h.Notifier, new ConfiguredUserDirectory([("telegram", "1", Role.Viewer)]),
            new ConfirmationStore(h.Time), h.Time, NullLogger<CommandRouter>.Instance, [telegram, discord, slack]);

        var reply = (await router.ExecuteAsync(new Caller("telegram", "1"), "/test_notify", CancellationToken.None))!;

        Assert.Equal(ReplySeverity.Danger, reply.Severity);
        var text = reply.ToText();
        Assert.Contains("telegram  ok", text, StringComparison.Ordinal);
        Assert.Contains("401: the bot token was refused", text, StringComparison.Ordinal);
        Assert.Contains("other     off", text, StringComparison.Ordinal);
        Assert.Equal((1, 1, 0), (telegram.Sent, discord.Sent, slack.Sent));
    }
}
