using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>The real transport, REST client and gateway against the fake Discord, over a real router and engine.</summary>
public class DiscordTransportTests
{
    private static int TypeOf(RestCall call) => call.Body!["type"]!.GetValue<int>();

    private static JsonObject DataOf(RestCall call) => (JsonObject)call.Body!["data"]!;

    private static bool IsEphemeral(JsonNode? message) => ((message?["flags"]?.GetValue<int>() ?? 0) & 64) != 0;

    private static string TextOf(JsonNode? message)
    {
        if (message?["embeds"] is JsonArray { Count: > 0 } embeds)
            return embeds[0]!["title"]!.GetValue<string>() + "\n" + (embeds[0]!["description"]?.GetValue<string>() ?? string.Empty);
        return message?["content"]?.GetValue<string>() ?? string.Empty;
    }

    private static async Task OpenPositionAsync(EngineHarness h)
    {
        await h.QuotesAsync();
        await h.Engine.SubmitAsync(new OrderIntent("a", "s1", "AAPL", OrderSide.Buy, 3, OrderType.Limit, LimitPrice: 190m), CancellationToken.None);
        h.Broker.Fill(h.Broker.Placed[0], 190m);
        await h.IdleAsync();
        h.Broker.FillMarketOrders = true;
    }

    [Fact]
    public async Task Without_a_token_it_logs_once_which_variables_turn_it_on_and_stops()
    {
        await using var rig = await DiscordRig.CreateAsync((Func<Caller, string, CancellationToken, Task<Reply?>>?)null, configureOptions: o => o.BotToken = null);
        await rig.Transport.StartAsync(CancellationToken.None);
        await rig.Transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        var line = Assert.Single(rig.Log.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        foreach (var variable in new[] { "Discord__BotToken", "Discord__GuildId", "Discord__AlertChannelId", "Discord__Users__0__Id", "Discord__Users__0__Role" })
            Assert.Contains(variable, line.Text, StringComparison.Ordinal);
        Assert.Equal(0, rig.Fake.Rest.Count);
        Assert.Equal(0, rig.Fake.Gateway.Count);
        Assert.False(new DiscordAlertChannel(rig.Options, rig.Health, rig.Rest).IsEnabled);
    }

    [Fact]
    public async Task A_bad_guild_id_stops_the_transport_with_a_message_naming_the_key()
    {
        await using var rig = await DiscordRig.CreateAsync((_, _, _) => Task.FromResult<Reply?>(null), configureOptions: o => o.GuildId = "my-server");
        await rig.Transport.StartAsync(CancellationToken.None);
        await rig.Transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(rig.Log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("Discord:GuildId", StringComparison.Ordinal));
        Assert.True(rig.Health.IsStopped);
        Assert.Contains(rig.Notifier.Alerts, a => a.Key == "discord:configuration");
        Assert.Equal(0, rig.Fake.Rest.Count);
    }

    [Fact]
    public async Task At_ready_it_registers_one_guild_command_per_router_command_with_the_bot_token()
    {
        await using var h = await new EngineHarness().StartAsync();
        var router = DiscordRouter.Create(h);
        await using var rig = await DiscordRig.CreateAsync(router);
        await rig.StartAsync();

        var put = rig.Fake.Rest.Snapshot().Single(c => c.Kind == "commands");
        Assert.Equal($"/api/v10/applications/{FakeDiscord.ApplicationId}/guilds/{FakeDiscord.GuildId}/commands", put.Path);
        Assert.Equal("Bot " + FakeDiscord.Token, put.Authorization);
        Assert.Equal(router.Commands.Select(c => c.Name).Order(), ((JsonArray)put.Body!).Select(c => c!["name"]!.GetValue<string>()).Order());
        Assert.True(SpinUntil(() => rig.Transport.CommandsRegistered));
    }

    [Fact]
    public async Task Every_router_command_is_answered_in_an_embed_within_the_limits()
    {
        await using var h = await new EngineHarness().StartAsync();
        await OpenPositionAsync(h);
        var router = DiscordRouter.Create(h);
        await using var rig = await DiscordRig.CreateAsync(router);
        await rig.StartAsync();

        var samples = new Dictionary<string, (string, int, JsonNode)[]>
        {
            ["trades"] = [("filter", 3, "losers")],
            ["pnl"] = [("period", 3, "week")],
            ["halt"] = [("reason", 3, "drill")],
            ["cancel"] = [("order", 3, "all")],
            ["pause"] = [("strategy", 3, "s1")],
            ["unpause"] = [("strategy", 3, "s1")],
            ["audit"] = [("count", 4, 5)],
            ["resume"] = [("reason", 3, "all clear")],
            ["confirm"] = [("id", 3, "0123456789abcdef0123456789abcdef")],
        };
        foreach (var command in router.Commands.Where(c => c.Name != "flatten").Append(router.Commands.Single(c => c.Name == "flatten")))
        {
            var call = await rig.SlashAsync(DiscordRouter.Admin, command.Name, samples.GetValueOrDefault(command.Name) ?? []);
            Assert.Equal(4, TypeOf(call));
            var title = DataOf(call)["embeds"]![0]!["title"]!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(title), command.Name);
        }
        Assert.Empty(rig.AllViolations());
        Assert.Equal(router.Commands.Count, rig.Fake.Rest.Snapshot().Count(c => c.Kind == "callback"));
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Contains(h.Journal.All<AuditRecordedRecord>(), a => a.Entry.Transport == "discord" && a.Entry.UserId == DiscordRouter.Admin && a.Entry.Command == "/status");
        Assert.DoesNotContain(rig.Fake.Rest.Snapshot(), c => c.Kind == "callback" && c.Authorization is not null);
        Assert.DoesNotContain(rig.Log.Texts, t => t.Contains(FakeDiscord.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Fake.Rest.Snapshot(), c => c.Body?.ToJsonString().Contains(FakeDiscord.Token, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task An_unknown_user_gets_only_an_ephemeral_not_authorized_and_the_attempt_is_audited()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var call = await rig.SlashAsync(DiscordRouter.Stranger, "halt", ("reason", 3, "pwned"));
        Assert.Equal(4, TypeOf(call));
        Assert.True(IsEphemeral(DataOf(call)));
        Assert.Equal("You are not authorized.", DataOf(call)["content"]!.GetValue<string>());
        Assert.Null(DataOf(call)["embeds"]);
        await h.IdleAsync();
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        Assert.Contains(h.Journal.All<AuditRecordedRecord>(), a => a.Entry.UserId == DiscordRouter.Stranger && a.Entry.Outcome == "denied");
    }

    [Fact]
    public async Task A_refusal_is_ephemeral_and_a_status_is_public()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var refused = await rig.SlashAsync(DiscordRouter.Viewer, "halt");
        Assert.True(IsEphemeral(DataOf(refused)));
        Assert.Contains("operator", TextOf(DataOf(refused)), StringComparison.Ordinal);
        var status = await rig.SlashAsync(DiscordRouter.Viewer, "status");
        Assert.False(IsEphemeral(DataOf(status)));
        var whoami = await rig.SlashAsync(DiscordRouter.Viewer, "whoami");
        Assert.True(IsEphemeral(DataOf(whoami)));
        Assert.Contains(DiscordRouter.Viewer, TextOf(DataOf(whoami)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trades_losers_comes_from_the_filter_option()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var losers = await rig.SlashAsync(DiscordRouter.Viewer, "trades", ("filter", 3, "losers"));
        Assert.StartsWith("Today's losing trades, worst first", TextOf(DataOf(losers)), StringComparison.Ordinal);
        var count = await rig.SlashAsync(DiscordRouter.Viewer, "trades", ("count", 4, 5));
        Assert.StartsWith("Last 0 closed trades", TextOf(DataOf(count)), StringComparison.Ordinal);
        Assert.Contains(h.Journal.All<AuditRecordedRecord>(), a => a.Entry.Command == "/trades" && a.Entry.Arguments == "losers");
    }

    [Fact]
    public async Task Flatten_preview_has_buttons_only_the_requester_can_use_once_and_the_click_updates_the_message()
    {
        await using var h = await new EngineHarness().StartAsync();
        await OpenPositionAsync(h);
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var preview = await rig.SlashAsync(DiscordRouter.Admin, "flatten");
        Assert.Equal(4, TypeOf(preview));
        Assert.False(IsEphemeral(DataOf(preview)));
        Assert.Contains("Flatten ALL: preview", TextOf(DataOf(preview)), StringComparison.Ordinal);
        var buttons = (JsonArray)DataOf(preview)["components"]![0]!["components"]!;
        Assert.Equal(2, buttons.Count);
        Assert.Equal(4, buttons[0]!["style"]!.GetValue<int>());
        var confirm = buttons[0]!["custom_id"]!.GetValue<string>();
        var cancel = buttons[1]!["custom_id"]!.GetValue<string>();
        Assert.EndsWith(":" + DiscordRouter.Admin, confirm, StringComparison.Ordinal);

        var stolen = await rig.ClickAsync(DiscordRouter.OtherAdmin, confirm);
        Assert.Equal(4, TypeOf(stolen));
        Assert.True(IsEphemeral(DataOf(stolen)));
        Assert.Contains("belongs to the person", TextOf(DataOf(stolen)), StringComparison.Ordinal);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);

        var stranger = await rig.ClickAsync(DiscordRouter.Stranger, confirm);
        Assert.Equal("You are not authorized.", DataOf(stranger)["content"]!.GetValue<string>());

        var done = await rig.ClickAsync(DiscordRouter.Admin, confirm);
        Assert.Equal(7, TypeOf(done));
        Assert.Empty((JsonArray)DataOf(done)["components"]!);
        Assert.Contains("Flatten done", TextOf(DataOf(done)), StringComparison.Ordinal);
        Assert.Equal(TradingState.Halted, h.Engine.Snapshot.Status.State);
        Assert.Empty(h.Broker.Positions);

        var again = await rig.ClickAsync(DiscordRouter.Admin, confirm);
        Assert.Equal(4, TypeOf(again));
        Assert.True(IsEphemeral(DataOf(again)));
        Assert.Contains("already used", TextOf(DataOf(again)), StringComparison.Ordinal);
        var cancelAfter = await rig.ClickAsync(DiscordRouter.Admin, cancel);
        Assert.True(IsEphemeral(DataOf(cancelAfter)));
        Assert.Empty(rig.AllViolations());
        Assert.Contains(h.Journal.All<AuditRecordedRecord>(), a => a.Entry.UserId == DiscordRouter.OtherAdmin && a.Entry.Command == "/confirm" && a.Entry.Outcome == "refused");
    }

    [Fact]
    public async Task An_expired_confirmation_updates_the_preview_and_removes_the_buttons()
    {
        await using var h = await new EngineHarness().StartAsync();
        await OpenPositionAsync(h);
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var preview = await rig.SlashAsync(DiscordRouter.Admin, "flatten");
        var confirm = DataOf(preview)["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();
        h.Time.Advance(TimeSpan.FromSeconds(61));

        var expired = await rig.ClickAsync(DiscordRouter.Admin, confirm);
        Assert.Equal(7, TypeOf(expired));
        Assert.Empty((JsonArray)DataOf(expired)["components"]!);
        Assert.Contains("expired", TextOf(DataOf(expired)), StringComparison.Ordinal);
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        Assert.NotEmpty(h.Broker.Positions);
    }

    [Fact]
    public async Task Cancel_updates_the_preview_and_nothing_is_done()
    {
        await using var h = await new EngineHarness().StartAsync();
        await OpenPositionAsync(h);
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var preview = await rig.SlashAsync(DiscordRouter.Admin, "flatten", ("symbol", 3, "AAPL"));
        var cancel = DataOf(preview)["components"]![0]!["components"]![1]!["custom_id"]!.GetValue<string>();
        var cancelled = await rig.ClickAsync(DiscordRouter.Admin, cancel);
        Assert.Equal(7, TypeOf(cancelled));
        Assert.Empty((JsonArray)DataOf(cancelled)["components"]!);
        Assert.Contains("flatten cancelled", TextOf(DataOf(cancelled)), StringComparison.Ordinal);
        Assert.NotEmpty(h.Broker.Positions);
    }

    [Fact]
    public async Task Hostile_text_in_a_reason_is_echoed_escaped_and_never_pings()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();

        var hostile = "<b>x</b> & @everyone <@100000000000000031> [link](https://evil.example) " + new string('y', 800);
        var halt = await rig.SlashAsync(DiscordRouter.Operator, "halt", ("reason", 3, hostile));
        Assert.True(TextOf(DataOf(halt)).Contains("HALTED", StringComparison.Ordinal), TextOf(DataOf(halt)));
        Assert.Equal(hostile, h.Engine.Snapshot.Status.Reason);

        var audit = await rig.SlashAsync(DiscordRouter.Operator, "audit", ("count", 4, 200));
        var status = await rig.SlashAsync(DiscordRouter.Operator, "status");
        var text = TextOf(DataOf(status));
        Assert.Contains("\\<b>x\\</b> & \\@everyone \\<\\@100000000000000031> \\[link\\](https://evil.example)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", text, StringComparison.Ordinal);
        Assert.Contains("@everyone", TextOf(DataOf(audit)), StringComparison.Ordinal);
        Assert.Empty(rig.AllViolations());
    }

    [Fact]
    public async Task A_command_sent_while_the_socket_is_down_is_answered_after_the_resume()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h));
        await rig.StartAsync();
        await rig.SlashAsync(DiscordRouter.Viewer, "status");
        var sequence = rig.Gateway.Sequence;

        rig.Fake.Drop();
        var id = rig.NextInteractionId();
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.SlashCommand(id, DiscordRouter.Viewer, "whoami"));
        var resume = await rig.Fake.Gateway.WaitForAsync(e => e.Op == 6, "Resume");
        Assert.Equal(sequence, resume.Payload!["d"]!["seq"]!.GetValue<long>());
        var call = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, "answer after resume");
        Assert.Contains(DiscordRouter.Viewer, TextOf(DataOf(call)), StringComparison.Ordinal);
        Assert.Equal(1, rig.Gateway.Identifies);
    }

    [Fact]
    public async Task A_non_reconnectable_close_code_stops_the_transport_and_raises_an_alert_elsewhere()
    {
        await using var h = await new EngineHarness().StartAsync();
        await using var rig = await DiscordRig.CreateAsync(DiscordRouter.Create(h), configureFake: f => f.CloseCodeOnIdentify = 4014);
        await rig.Transport.StartAsync(CancellationToken.None);
        await rig.Transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(rig.Health.IsStopped);
        var alert = Assert.Single(rig.Notifier.Alerts, a => a.Key == "discord:gateway-closed-4014");
        Assert.Contains("4014", alert.Text, StringComparison.Ordinal);
        Assert.Contains(rig.Log.Lines, l => l.Level == LogLevel.Critical && l.Text.Contains("STOPPED", StringComparison.Ordinal));
        Assert.False(new DiscordAlertChannel(rig.Options, rig.Health, rig.Rest).IsEnabled);
        Assert.Equal(1, rig.Gateway.Connections);
    }

    [Fact]
    public async Task A_rejected_token_stops_the_transport_raises_an_alert_and_never_leaks_the_token()
    {
        await using var rig = await DiscordRig.CreateAsync((_, _, _) => Task.FromResult<Reply?>(null), configureFake: f => f.RejectToken = true);
        await rig.Transport.StartAsync(CancellationToken.None);
        await rig.Transport.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(rig.Health.IsStopped);
        Assert.Equal("unauthorized", rig.Health.StopReason!.Kind);
        Assert.Contains(rig.Notifier.Alerts, a => a.Key == "discord:unauthorized" && a.Severity == ChatOpsTrader.Core.Alerts.Severity.Sev2);
        var delivery = await new DiscordAlertChannel(rig.Options, rig.Health, rig.Rest).DeliverAsync(new ChatOpsTrader.Core.Alerts.Alert("a", DateTimeOffset.UtcNow, ChatOpsTrader.Core.Alerts.Severity.Sev1, "k", "t", "x", "y"), CancellationToken.None);
        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retryable);
        Assert.Single(rig.Fake.Rest.Snapshot(), c => c.Status == 401);
        Assert.DoesNotContain(rig.Log.Texts, t => t.Contains(FakeDiscord.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Notifier.Alerts, a => (a.Text + a.Title).Contains(FakeDiscord.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_command_is_deferred_then_completed_by_editing_the_original()
    {
        var time = new ManualTimeProvider();
        var release = new TaskCompletionSource<Reply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = await DiscordRig.CreateAsync(
            (_, _, _) =>
            {
                started.TrySetResult();
                return release.Task;
            },
            time: time);
        await rig.StartAsync();

        var id = rig.NextInteractionId();
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.SlashCommand(id, DiscordRouter.Admin, "positions"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(rig.Fake.Rest.Snapshot(), c => c.Key == id);
        time.Advance(TimeSpan.FromSeconds(1.5));
        var deferred = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, "deferral");
        Assert.Equal(5, TypeOf(deferred));

        release.SetResult(new Reply { Title = "Positions (1)", Tables = [new ReplyTable(null, ["Symbol"], [["AAPL"]])] });
        var edit = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "edit-original" && c.Key == FakeDiscord.TokenFor(id), "edit of @original");
        Assert.Equal($"/api/v10/webhooks/{FakeDiscord.ApplicationId}/{FakeDiscord.TokenFor(id)}/messages/@original", edit.Path);
        Assert.Contains("AAPL", TextOf(edit.Body), StringComparison.Ordinal);
        Assert.Null(edit.Authorization);
        Assert.Empty(rig.AllViolations());
    }

    [Fact]
    public async Task A_slow_reply_for_the_asker_only_replaces_the_public_deferral_with_an_ephemeral_follow_up()
    {
        var time = new ManualTimeProvider();
        var release = new TaskCompletionSource<Reply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = await DiscordRig.CreateAsync((_, _, _) => { started.TrySetResult(); return release.Task; }, time: time);
        await rig.StartAsync();

        var id = rig.NextInteractionId();
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.SlashCommand(id, DiscordRouter.Viewer, "flatten"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(2));
        await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, "deferral");
        release.SetResult(Reply.Error("Not allowed: /flatten", "needs admin"));

        var followup = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "followup", "ephemeral follow-up");
        Assert.True(IsEphemeral(followup.Body));
        Assert.Contains(rig.Fake.Rest.Snapshot(), c => c.Kind == "delete-original" && c.Key == FakeDiscord.TokenFor(id));
        Assert.DoesNotContain(rig.Fake.Rest.Snapshot(), c => c.Kind == "edit-original");
    }

    [Fact]
    public async Task A_slow_confirmation_is_acknowledged_as_an_update_and_the_buttons_are_removed_by_the_edit()
    {
        var time = new ManualTimeProvider();
        var release = new TaskCompletionSource<Reply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = await DiscordRig.CreateAsync((_, _, _) => { started.TrySetResult(); return release.Task; }, time: time);
        await rig.StartAsync();

        var id = rig.NextInteractionId();
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", FakeDiscord.ButtonClick(id, DiscordRouter.Admin, $"cc:0123456789abcdef0123456789abcdef:{DiscordRouter.Admin}"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(1.5));
        var deferred = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, "deferred update");
        Assert.Equal(6, TypeOf(deferred));
        release.SetResult(new Reply { Title = "Flatten done", Severity = ReplySeverity.Success, Lines = ["FLAT"] });
        var edit = await rig.Fake.Rest.WaitForAsync(c => c.Kind == "edit-original", "edit");
        Assert.Empty((JsonArray)edit.Body!["components"]!);
        Assert.Contains("Flatten done", TextOf(edit.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_throws_gets_an_answer_and_the_next_one_still_works()
    {
        var calls = 0;
        await using var rig = await DiscordRig.CreateAsync((_, text, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult<Reply?>(new Reply { Title = "ok " + text }));
        await rig.StartAsync();
        var failed = await rig.SlashAsync(DiscordRouter.Admin, "status");
        Assert.Contains("Something went wrong", TextOf(DataOf(failed)), StringComparison.Ordinal);
        Assert.True(IsEphemeral(DataOf(failed)));
        var next = await rig.SlashAsync(DiscordRouter.Admin, "status");
        Assert.Contains("ok /status", TextOf(DataOf(next)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_direct_message_uses_the_user_field_and_a_forged_button_is_refused()
    {
        var seen = new List<Caller>();
        await using var rig = await DiscordRig.CreateAsync((caller, text, _) =>
        {
            lock (seen)
                seen.Add(caller);
            return Task.FromResult<Reply?>(new Reply { Title = text });
        });
        await rig.StartAsync();

        var dm = FakeDiscord.SlashCommand(rig.NextInteractionId(), DiscordRouter.Viewer, "status");
        dm.Remove("member");
        dm.Remove("guild_id");
        dm["user"] = new JsonObject { ["id"] = DiscordRouter.Operator };
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", dm);
        await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == dm["id"]!.GetValue<string>(), "DM answer");
        Assert.Equal(new Caller("discord", DiscordRouter.Operator), Assert.Single(seen));

        var forged = await rig.ClickAsync(DiscordRouter.Admin, "halt-everything");
        Assert.True(IsEphemeral(DataOf(forged)));
        Assert.Single(seen);
    }

    private static bool SpinUntil(Func<bool> condition) => SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10));
}
