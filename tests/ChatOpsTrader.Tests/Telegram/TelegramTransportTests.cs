using ChatOpsTrader.Chat.Telegram;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Telegram;

/// <summary>The real transport against the fake Bot API, with a real command router over the engine harness.</summary>
public class TelegramTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Status_is_answered_in_the_same_chat_as_HTML_with_the_title_in_bold()
    {
        await using var rig = await TelegramRig.StartAsync();

        var reply = await rig.CommandAsync(TelegramRig.Vera, "/status");

        Assert.Equal("HTML", reply.ParseMode);
        Assert.StartsWith("<b>✅ ChatOpsTrader: Active</b>", reply.Raw, StringComparison.Ordinal);
        Assert.Contains("State: Active", reply.Visible, StringComparison.Ordinal);
        Assert.Null(reply.Keyboard);
        Assert.Single(rig.Server.CallsOf("getMe"));
        Assert.Single(rig.Server.CallsOf("deleteWebhook"));
        Assert.Contains(rig.Server.Commands!, c => (string?)c!["command"] == "flatten");
        Assert.Equal(TelegramTransportState.Running, rig.Transport.State);
        Assert.Equal("OurBot", rig.Transport.BotUsername);
    }

    [Fact]
    public async Task Every_command_of_the_router_gets_a_reply_through_telegram()
    {
        await using var rig = await TelegramRig.StartAsync();
        var commands = rig.Router!.Commands.Select(c => c.Name).ToList();
        Assert.Contains("flatten", commands);
        Assert.Contains(rig.Server.Commands!, c => (string?)c!["command"] == "incidents");

        foreach (var name in commands.Where(n => n is not ("halt" or "flatten")).Append("flatten").Append("halt"))
        {
            var reply = await rig.CommandAsync(TelegramRig.Alice, "/" + name);
            Assert.False(string.IsNullOrWhiteSpace(reply.Visible), $"/{name} got an empty reply");
        }
    }

    [Fact]
    public async Task Updates_are_confirmed_by_offset_and_once_more_on_the_way_out()
    {
        var rig = await TelegramRig.StartAsync();
        long last;
        try
        {
            await rig.CommandAsync(TelegramRig.Vera, "/whoami");
            last = rig.Server.PushMessage(TelegramRig.Vera, "/help");
            await rig.Server.NextMessageAsync(TelegramRig.Vera, 1);
            await rig.Transport.StopAsync(CancellationToken.None);
            Assert.Equal(last + 1, rig.Server.ConfirmedOffset);
        }
        finally
        {
            await rig.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unknown_user_gets_no_reply_at_all_but_the_attempt_is_audited()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.MaxConcurrentUpdates = 1);

        rig.Server.PushMessage(TelegramRig.Stranger, "/status");
        rig.Server.PushMessage(TelegramRig.Stranger, "/halt gotcha");
        // Handled one at a time: once Vera is answered, the stranger's commands were handled before.
        await rig.CommandAsync(TelegramRig.Vera, "/whoami");

        Assert.Empty(rig.Server.MessagesIn(TelegramRig.Stranger));
        Assert.Equal(TradingState.Active, rig.Harness.Engine.Snapshot.Status.State);
        await rig.Harness.IdleAsync();
        Assert.Equal(2, rig.Harness.Journal.All<AuditRecordedRecord>().Count(a => a.Entry.UserId == "999" && a.Entry.Outcome == "denied"));
    }

    [Fact]
    public async Task A_command_for_another_bot_is_ignored_and_one_for_ours_by_name_is_answered_in_a_group()
    {
        const long group = -1001234567890;
        await using var rig = await TelegramRig.StartAsync(o => o.MaxConcurrentUpdates = 1);

        rig.Server.PushMessage(TelegramRig.Alice, "/status@OtherBot", group);
        var command = rig.Server.PushMessage(TelegramRig.Alice, "/trades@ourbot losers", group);
        _ = command;
        var reply = await rig.Server.NextMessageAsync(group, 0);
        await rig.CommandAsync(TelegramRig.Alice, "/whoami", group);

        Assert.StartsWith("ℹ️ Today's losing trades, worst first", reply.Visible, StringComparison.Ordinal);
        Assert.NotNull(reply.ReplyTo);
        Assert.Equal(2, rig.Server.MessagesIn(group).Length);
    }

    [Fact]
    public async Task Flatten_shows_buttons_and_only_the_person_who_asked_can_confirm_once()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.MaxConcurrentUpdates = 1, OpenPositionAsync);

        var preview = await rig.CommandAsync(TelegramRig.Alice, "/flatten");
        Assert.Equal(["Confirm flatten", "Cancel"], preview.ButtonLabels);
        Assert.All(preview.CallbackData, d => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(d), 1, 64));
        var confirm = preview.CallbackData[0];
        Assert.StartsWith("c:", confirm, StringComparison.Ordinal);
        Assert.StartsWith("x:", preview.CallbackData[1], StringComparison.Ordinal);

        // Another admin presses Confirm: refused, told privately; the preview stays for Alice.
        var stranger = rig.Server.PushCallback(TelegramRig.Stranger, preview, confirm);
        var bob = await PressAsync(rig, TelegramRig.Bob, preview, confirm);
        Assert.Contains("belongs to the person who asked", bob.Text, StringComparison.Ordinal);
        Assert.True(bob.ShowAlert);
        Assert.Equal(0, preview.Edits);
        Assert.Equal(2, preview.ButtonLabels.Count);
        Assert.Equal(TradingState.Active, rig.Harness.Engine.Snapshot.Status.State);

        // Alice confirms: the preview becomes the outcome, without buttons.
        var alice = await PressAsync(rig, TelegramRig.Alice, preview, confirm);
        await rig.Server.WaitUntilAsync(_ => preview.Edits == 1, Wait, "the preview edited");
        Assert.Equal("Flatten done", alice.Text);
        Assert.False(alice.ShowAlert);
        Assert.StartsWith("✅ Flatten done\nFLAT at the broker and HALTED.", preview.Visible, StringComparison.Ordinal);
        Assert.Contains("Button: Confirm flatten", preview.Visible, StringComparison.Ordinal);
        Assert.Null(preview.Keyboard);
        Assert.Equal(TradingState.Halted, rig.Harness.Engine.Snapshot.Status.State);
        Assert.Empty(rig.Harness.Broker.Positions);

        // A second press (double tap, stale client) is refused and leaves the outcome as it is.
        var again = await PressAsync(rig, TelegramRig.Alice, preview, confirm);
        Assert.Contains("already used", again.Text, StringComparison.Ordinal);
        Assert.Equal(1, preview.Edits);
        Assert.StartsWith("✅ Flatten done", preview.Visible, StringComparison.Ordinal);

        // The unknown user got nothing, not even an answer to the press.
        Assert.DoesNotContain(rig.Server.AnswersSnapshot(), a => a.CallbackQueryId == stranger);
        Assert.Single(rig.Server.MessagesIn(TelegramRig.Alice));
    }

    [Fact]
    public async Task An_expired_confirmation_is_refused_and_its_buttons_are_removed()
    {
        await using var rig = await TelegramRig.StartAsync(prepare: OpenPositionAsync);
        var preview = await rig.CommandAsync(TelegramRig.Alice, "/flatten");

        rig.Harness.Time.Advance(TimeSpan.FromSeconds(61));
        var answer = await PressAsync(rig, TelegramRig.Alice, preview, preview.CallbackData[0]);
        await rig.Server.WaitUntilAsync(_ => preview.Edits == 1, Wait, "the preview edited");

        Assert.Contains("expired", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Refused: it expired; ask again.", preview.Visible, StringComparison.Ordinal);
        Assert.Null(preview.Keyboard);
        Assert.Equal(TradingState.Active, rig.Harness.Engine.Snapshot.Status.State);
        Assert.NotEmpty(rig.Harness.Broker.Positions);
    }

    [Fact]
    public async Task Cancel_removes_the_buttons_and_does_nothing()
    {
        await using var rig = await TelegramRig.StartAsync(prepare: OpenPositionAsync);
        var preview = await rig.CommandAsync(TelegramRig.Alice, "/flatten AAPL");

        var answer = await PressAsync(rig, TelegramRig.Alice, preview, preview.CallbackData[1]);
        await rig.Server.WaitUntilAsync(_ => preview.Edits == 1, Wait, "the preview edited");

        Assert.Equal("flatten cancelled", answer.Text);
        Assert.StartsWith("ℹ️ flatten cancelled\nNothing was done.", preview.Visible, StringComparison.Ordinal);
        Assert.Null(preview.Keyboard);
        Assert.Equal(TradingState.Active, rig.Harness.Engine.Snapshot.Status.State);
        Assert.DoesNotContain(rig.Harness.Broker.Placed, p => p.Type == OrderType.Market);
    }

    [Fact]
    public async Task Hostile_text_in_a_command_comes_back_as_text()
    {
        const string hostile = "<b>boom</b> & @everyone </pre> <a href=\"http://x\">x</a> &amp;";
        await using var rig = await TelegramRig.StartAsync();

        var reply = await rig.CommandAsync(TelegramRig.Otto, "/halt " + hostile);

        Assert.Equal("HTML", reply.ParseMode);
        Assert.Contains($"HALTED by telegram:103: {hostile}.", reply.Visible, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Server.Calls, c => c.Status == 400);
    }

    [Fact]
    public async Task A_reply_longer_than_4096_characters_arrives_as_several_valid_messages()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.MaxConcurrentUpdates = 1, h => AdoptPositionsAsync(h, 300));

        // One worker: everything of the /positions reply is sent before /whoami is handled.
        rig.Server.PushMessage(TelegramRig.Vera, "/positions");
        rig.Server.PushMessage(TelegramRig.Vera, "/whoami");
        await rig.Server.WaitForAsync(s => s.Sent.FirstOrDefault(m => m.Visible.Contains("Who you are", StringComparison.Ordinal)), Wait, "the /whoami reply");

        var positions = rig.Server.MessagesIn(TelegramRig.Vera)[..^1];
        Assert.True(positions.Length >= 3, $"{positions.Length} messages");
        Assert.StartsWith("ℹ️ Positions (300)", positions[0].Visible, StringComparison.Ordinal);
        Assert.All(positions, m => Assert.Equal("HTML", m.ParseMode));
        Assert.All(positions, m => Assert.InRange(m.Visible.Length, 1, 4096));
        Assert.All(positions, m => Assert.Contains("Symbol  Broker", m.Visible, StringComparison.Ordinal));
        for (var i = 0; i < 300; i++)
            Assert.Single(positions, m => m.Visible.Contains($"\nS{i:D4} ", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Server.Calls, c => c.Status == 400);
    }

    [Fact]
    public async Task A_5000_character_alert_is_split_and_delivered_whole()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.AlertChatIds = ["555"]);
        var text = string.Concat(Enumerable.Repeat("<b>&amp; @everyone \"quoted\" ", 200))[..5000];

        var delivery = await rig.AlertChannel.DeliverAsync(new Alert("big", rig.Harness.Time.GetUtcNow(), Severity.Sev2, "k", "Big <alert>", text, "Read it"), CancellationToken.None);

        Assert.True(delivery.Delivered, delivery.Detail);
        var messages = rig.Server.MessagesIn(555);
        Assert.Equal(2, messages.Length);
        Assert.Contains(text, string.Concat(messages.Select(m => m.Visible)), StringComparison.Ordinal);
        Assert.StartsWith("🔴 SEV2 · Big <alert>", messages[0].Visible, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_makes_every_send_wait_retry_after_and_the_reply_still_arrives()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var reply = await rig.CommandAsync(TelegramRig.Vera, "/status");

        var sends = rig.Server.CallsOf("sendMessage");
        Assert.Equal([429, 200], sends.Select(c => c.Status));
        Assert.True(sends[1].At - sends[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(sends[1].At - sends[0].At).TotalMilliseconds} ms");
        Assert.Contains("State: Active", reply.Visible, StringComparison.Ordinal);
        Assert.Contains(rig.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_409_conflict_is_reported_once_backs_off_and_polling_resumes_when_the_other_instance_stops()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Server.Conflict = true; // ends the waiting long poll with 409, as another instance's poll would

        await rig.Server.WaitUntilAsync(s => s.CallsOf("getUpdates").Count(c => c.Status == 409) >= 5, Wait, "several 409s");
        var conflicts = rig.Server.CallsOf("getUpdates").Where(c => c.Status == 409).ToList();
        Assert.Contains("409", rig.Transport.Problem, StringComparison.Ordinal);
        Assert.Contains("another instance", rig.Transport.Problem, StringComparison.Ordinal);
        Assert.Single(rig.Problems);
        Assert.Contains(rig.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("409 Conflict", StringComparison.Ordinal));
        // Backoff: 20 ms doubling, each wait between half and all of its step: the 4th wait is 80-160 ms, far above the
        // first step (20 ms); 60 ms leaves room for timestamp noise on a loaded machine.
        Assert.True(conflicts[4].At - conflicts[3].At >= TimeSpan.FromMilliseconds(60), $"4th gap {(conflicts[4].At - conflicts[3].At).TotalMilliseconds} ms");

        rig.Server.Conflict = false;
        var reply = await rig.CommandAsync(TelegramRig.Vera, "/status");
        Assert.Contains("State: Active", reply.Visible, StringComparison.Ordinal);
        await rig.Server.WaitUntilAsync(_ => rig.Transport.Problem is null, Wait, "the problem cleared");
        Assert.Single(rig.Problems);
    }

    [Fact]
    public async Task A_chat_that_blocked_the_bot_is_left_alone_and_the_others_still_get_alerts()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.AlertChatIds = ["555", "777"]);
        rig.Server.ForbiddenChats.Add(777);

        var first = await rig.AlertChannel.DeliverAsync(Alert("one"), CancellationToken.None);
        var second = await rig.AlertChannel.DeliverAsync(Alert("two"), CancellationToken.None);

        Assert.True(first.Delivered, first.Detail);
        Assert.Contains("777", first.Detail, StringComparison.Ordinal);
        Assert.True(second.Delivered, second.Detail);
        Assert.Single(rig.Server.CallsOf("sendMessage"), c => c.ChatId == 777);
        Assert.Equal(2, rig.Server.MessagesIn(555).Length);
        Assert.True(rig.Sender.IsBlocked(777));
        Assert.True(rig.AlertChannel.IsEnabled);
        Assert.Single(rig.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("chat 777 refused our messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_alert_chat_blocked_the_bot_delivery_fails_for_good_and_the_channel_turns_itself_off()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.AlertChatIds = ["777"]);
        rig.Server.ForbiddenChats.Add(777);

        var delivery = await rig.AlertChannel.DeliverAsync(Alert("one"), CancellationToken.None);

        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retryable);
        Assert.Contains("403", delivery.Detail, StringComparison.Ordinal);
        Assert.False(rig.AlertChannel.IsEnabled);
    }

    [Fact]
    public async Task A_refused_token_is_one_clear_error_and_only_Telegram_stops()
    {
        await using var rig = await TelegramRig.StartAsync(o => { o.ClientToken = "999:WRONG-token_abcdefghijklmnop"; o.AlertChatIds = ["555"]; });

        await rig.Transport.ExecuteTask!.WaitAsync(Wait);

        Assert.Equal(TelegramTransportState.Refused, rig.Transport.State);
        var error = Assert.Single(rig.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.StartsWith("Telegram: the bot token was refused (401)", error.Message, StringComparison.Ordinal);
        Assert.Contains("the bot token was refused (401)", rig.Transport.Problem, StringComparison.Ordinal);
        Assert.Empty(rig.Server.CallsOf("getUpdates"));
        Assert.False(rig.AlertChannel.IsEnabled);
        var delivery = await rig.AlertChannel.DeliverAsync(Alert("x"), CancellationToken.None);
        Assert.False(delivery.Retryable);
        Assert.Empty(rig.Server.CallsOf("sendMessage"));
        // The rest of the bot keeps working.
        Assert.NotNull(await rig.Router!.ExecuteAsync(new("web", "web"), "/status", CancellationToken.None));
        Assert.DoesNotContain(rig.Logs.Lines, l => l.All.Contains("WRONG-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Network_failures_and_server_errors_are_retried_with_backoff_and_never_stop_the_transport()
    {
        await using var rig = await TelegramRig.StartAsync();
        rig.Server.FailNext("getUpdates", 500, "Internal Server Error", times: 2);
        rig.Server.FailNext("getUpdates", 0, "connection dropped", times: 2);
        rig.Server.FailNext("sendMessage", 502, "Bad Gateway", times: 2);
        rig.Server.FailNext("sendMessage", 0, "connection dropped");
        rig.Server.PushMessage(TelegramRig.Alice, "/whoami"); // ends the waiting long poll

        var reply = await rig.Server.NextMessageAsync(TelegramRig.Alice, 0);

        Assert.Contains("User id: 100", reply.Visible, StringComparison.Ordinal);
        Assert.Equal(TelegramTransportState.Running, rig.Transport.State);
        Assert.Equal(3, rig.Server.CallsOf("sendMessage").Count(c => c.Status != 200));
        Assert.Contains(rig.Logs.Lines, l => l.Message.Contains("getUpdates failed", StringComparison.Ordinal));
        Assert.Contains(rig.Logs.Lines, l => l.Message.Contains("trying again in", StringComparison.Ordinal) && l.Message.Contains("chat 100", StringComparison.Ordinal));
        var secret = FakeTelegramServer.DefaultToken.Split(':')[1];
        Assert.DoesNotContain(rig.Logs.Lines, l => l.All.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_token_the_transport_says_how_to_turn_it_on_and_stops()
    {
        await using var rig = await TelegramRig.StartAsync(o => o.ClientToken = string.Empty, startTransport: false);

        await rig.StartTransportAsync();
        await rig.Transport.ExecuteTask!.WaitAsync(Wait);

        Assert.Equal(TelegramTransportState.Off, rig.Transport.State);
        var line = Assert.Single(rig.Logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        foreach (var key in new[] { "Telegram__BotToken", "Telegram__Users__0__Id", "Telegram__Users__0__Role", "Telegram__AlertChatIds__0" })
            Assert.Contains(key, line.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Server.Calls);
        Assert.False(rig.AlertChannel.IsEnabled);
    }

    [Fact]
    public async Task A_slow_command_does_not_hold_up_polling_or_other_commands()
    {
        await using var rig = await TelegramRig.StartAsync(prepare: OpenPositionAsync);
        rig.Harness.Broker.FillMarketOrders = false; // the flatten waits for fills that do not come (until we fill)
        var preview = await rig.CommandAsync(TelegramRig.Alice, "/flatten");
        rig.Server.PushCallback(TelegramRig.Alice, preview, preview.CallbackData[0]);
        await rig.Server.WaitUntilAsync(_ => rig.Harness.Broker.Placed.Any(p => p.Type == OrderType.Market), Wait, "the closing order");

        var status = await rig.CommandAsync(TelegramRig.Vera, "/status");
        Assert.Contains("State: Halted", status.Visible, StringComparison.Ordinal);
        Assert.Equal(0, preview.Edits);

        // A double tap while the flatten runs is answered (refused) without waiting for it, and changes nothing.
        var doubleTap = await PressAsync(rig, TelegramRig.Alice, preview, preview.CallbackData[0]);
        Assert.Contains("already used", doubleTap.Text, StringComparison.Ordinal);
        Assert.Equal(0, preview.Edits);

        rig.Harness.Broker.Fill(rig.Harness.Broker.Placed.Last(p => p.Type == OrderType.Market), 190m);
        for (var i = 0; i < 200 && preview.Edits == 0; i++)
        {
            rig.Harness.Time.Advance(TimeSpan.FromMilliseconds(250));
            try
            {
                await rig.Server.WaitUntilAsync(_ => preview.Edits > 0, TimeSpan.FromMilliseconds(50));
            }
            catch (TimeoutException)
            {
            }
        }
        Assert.StartsWith("✅ Flatten done", preview.Visible, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_alerts_to_one_chat_all_arrive_in_order_without_a_single_429()
    {
        // Telegram's limits 125 times faster on both sides (one message per 8 ms per chat, bursts of 3); the fake
        // allows 25 messages of slack for scheduling jitter, so only a client that paces itself gets through.
        await using var rig = await TelegramRig.StartAsync(o =>
        {
            o.AlertChatIds = ["4242"];
            o.Limits = TelegramRateLimits.Default.Scaled(0.008);
            o.FakeLimits = FakeLimits.Telegram(0.008, slack: 25);
        });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var deliveries = Enumerable.Range(0, 1000)
            .Select(i => rig.AlertChannel.DeliverAsync(new Alert($"a{i}", rig.Harness.Time.GetUtcNow(), Severity.Sev3, $"k{i}", $"Alert #{i:D4}", "facts", "act"), CancellationToken.None))
            .ToList();
        var results = await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(30));
        started.Stop();

        Assert.All(results, r => Assert.True(r.Delivered, r.Detail));
        var received = rig.Server.MessagesIn(4242);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"Alert #{i:D4}"), received.Select(m => m.Visible.Split('\n')[0].Split(" · ")[1]));
        Assert.Equal(0, rig.Server.LimitViolations);
        Assert.DoesNotContain(rig.Server.Calls, c => c.Status == 429);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(997 * 8 * 0.95), $"took only {started.Elapsed}: not paced");
    }

    private static async Task<FakeAnswer> PressAsync(TelegramRig rig, long from, FakeMessage message, string data)
    {
        var id = rig.Server.PushCallback(from, message, data);
        return await rig.Server.WaitForAsync(s => s.Answers.FirstOrDefault(a => a.CallbackQueryId == id), Wait, $"the answer to {id}");
    }

    private static Alert Alert(string id) => new(id, DateTimeOffset.UnixEpoch, Severity.Sev2, id, $"Alert {id}", "facts", "first action");

    internal static async Task OpenPositionAsync(EngineHarness h)
    {
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("a", "s1", "AAPL", OrderSide.Buy, 3, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.IdleAsync();
        h.Broker.FillMarketOrders = true;
    }

    internal static async Task AdoptPositionsAsync(EngineHarness h, int count)
    {
        for (var i = 0; i < count; i++)
            h.Broker.Positions.Add(new BrokerPosition($"S{i:D4}", 10 + i, 100m + i));
        await h.Engine.ReconcileAsync(EngineHarness.Admin, apply: true, CancellationToken.None);
        await h.IdleAsync();
    }
}
