using ChatOpsTrader.Chat.Telegram;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Telegram;

/// <summary>The sender and the client against the fake Bot API (no transport, no router).</summary>
public class TelegramSenderTests
{
    [Fact]
    public async Task Html_that_Telegram_refuses_is_sent_again_as_plain_text()
    {
        await using var rig = await TelegramRig.StartAsync(startTransport: false);

        var result = await rig.Sender.SendAsync(55, [new TelegramOutgoingMessage { Text = "<b>broken &amp; <i>unclosed</b>" }], isAlert: false, CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        var message = Assert.Single(rig.Server.MessagesIn(55));
        Assert.Null(message.ParseMode);
        Assert.Equal("broken & unclosed", message.Raw);
        Assert.Contains(rig.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("sending it as plain text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_keeps_getting_messages_at_its_new_id()
    {
        await using var rig = await TelegramRig.StartAsync(startTransport: false);
        rig.Server.FailNext("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", chatId: -5, migrateTo: -1005);

        var first = await rig.Sender.SendAsync(-5, [new TelegramOutgoingMessage { Text = "one" }], isAlert: true, CancellationToken.None);
        var second = await rig.Sender.SendAsync(-5, [new TelegramOutgoingMessage { Text = "two" }], isAlert: true, CancellationToken.None);

        Assert.True(first.Ok && second.Ok);
        Assert.Equal(["one", "two"], rig.Server.MessagesIn(-1005).Select(m => m.Visible));
        Assert.Contains(rig.Logs.Lines, l => l.Message.Contains("became supergroup -1005", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replies_go_before_alerts_already_waiting_in_the_same_chat()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.Limits = TelegramRateLimits.Default.Scaled(0.05), startTransport: false);

        var alerts = Enumerable.Range(0, 10).Select(i => rig.Sender.SendAsync(77, [new TelegramOutgoingMessage { Text = $"alert {i}" }], isAlert: true, CancellationToken.None)).ToList();
        var reply = rig.Sender.SendAsync(77, [new TelegramOutgoingMessage { Text = "reply" }], isAlert: false, CancellationToken.None);
        await Task.WhenAll([.. alerts, reply]);

        var order = rig.Server.MessagesIn(77).Select(m => m.Visible).ToList();
        Assert.Equal(11, order.Count);
        Assert.True(order.IndexOf("reply") <= 2, string.Join(", ", order));
    }

    [Fact]
    public async Task Network_failures_past_the_attempt_limit_come_back_as_a_retryable_failure_without_the_token()
    {
        await using var rig = await TelegramRig.StartAsync(startTransport: false);
        rig.Server.FailNext("sendMessage", 0, "drop", times: 5);

        var result = await rig.Sender.SendAsync(55, [new TelegramOutgoingMessage { Text = "x" }], isAlert: true, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.True(result.Retryable);
        Assert.DoesNotContain(FakeTelegramServer.DefaultToken.Split(':')[1], result.Detail, StringComparison.Ordinal);
        Assert.Equal(5, rig.Server.CallsOf("sendMessage").Length);
    }

    [Fact]
    public async Task Client_errors_carry_the_Bot_API_code_and_description_but_never_the_token()
    {
        await using var rig = await TelegramRig.StartAsync(startTransport: false);
        rig.Server.FailNext("getMe", 500, $"Internal error near bot{FakeTelegramServer.DefaultToken}/getMe");

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => rig.Api.GetMeAsync(CancellationToken.None));

        Assert.Equal(500, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.Contains("Internal error near bot<token>/getMe", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTelegramServer.DefaultToken.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_removes_the_whole_token_its_secret_part_and_its_URL_encoded_form()
    {
        const string token = "123456:AAE-secret_part_0123456789";
        var text = $"GET /bot{token}/getMe; /bot{Uri.EscapeDataString(token)}/x; secret=AAE-secret_part_0123456789";

        Assert.Equal("GET /bot<token>/getMe; /bot<token>/x; secret=<token>", TelegramBotClient.Redact(text, token));
    }
}
