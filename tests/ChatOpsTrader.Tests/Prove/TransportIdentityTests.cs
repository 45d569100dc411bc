using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Tests.Discord;
using ChatOpsTrader.Tests.Support;
using ChatOpsTrader.Tests.Telegram;

namespace ChatOpsTrader.Tests.Prove;

/// <summary>
/// The per-transport sample of the security table, end to end through each transport's real inbound path (the fake
/// Bot API and the fake Discord gateway): numeric ids map to roles; names, usernames and ids put anywhere else are
/// never trusted; refusals change nothing; unknown users get nothing (on Discord, which insists on an answer, only
/// the bare "You are not authorized.").
/// </summary>
public class TransportIdentityTests
{
    [Fact]
    public async Task Telegram_maps_the_numeric_from_id_to_a_role_and_never_trusts_names()
    {
        const long group = -1009876543210;
        await using var rig = await TelegramRig.StartAsync(o => o.MaxConcurrentUpdates = 1);
        var engine = rig.Harness.Engine;

        foreach (var (id, role) in new[] { (TelegramRig.Vera, "viewer"), (TelegramRig.Otto, "operator"), (TelegramRig.Alice, "admin") })
        {
            var whoami = await rig.CommandAsync(id, "/whoami");
            Assert.Contains($"Role: {role}", whoami.Visible, StringComparison.Ordinal);
            Assert.Contains($"User id: {id}", whoami.Visible, StringComparison.Ordinal);
        }

        var viewerHalt = await rig.CommandAsync(TelegramRig.Vera, "/halt");
        Assert.Contains("Not allowed: /halt", viewerHalt.Visible, StringComparison.Ordinal);
        var operatorFlatten = await rig.CommandAsync(TelegramRig.Otto, "/flatten");
        Assert.Contains("Not allowed: /flatten", operatorFlatten.Visible, StringComparison.Ordinal);
        Assert.Null(operatorFlatten.Keyboard);
        Assert.Equal(TradingState.Active, engine.Snapshot.Status.State);

        // A stranger who calls himself after the admin (username, first name, even the admin's id as a name), in a
        // group the admin is in and in private: nothing at all, and nothing happens.
        rig.Server.PushMessage(TelegramRig.Stranger, "/halt hijack", group, username: "alice", firstName: TelegramRig.Alice.ToString(System.Globalization.CultureInfo.InvariantCulture));
        rig.Server.PushMessage(TelegramRig.Stranger, "/flatten", username: "OurBot", firstName: "Alice");
        await rig.CommandAsync(TelegramRig.Alice, "/whoami", group);
        Assert.Single(rig.Server.MessagesIn(group));
        Assert.Empty(rig.Server.MessagesIn(TelegramRig.Stranger));
        Assert.Equal(TradingState.Active, engine.Snapshot.Status.State);
        await rig.Harness.IdleAsync();
        Assert.Equal(2, rig.Harness.Journal.All<AuditRecordedRecord>().Count(a => a.Entry is { Transport: "telegram", UserId: "999", Role: "unknown", Outcome: "denied" }));

        var halt = await rig.CommandAsync(TelegramRig.Otto, "/halt end to end");
        Assert.Contains("HALTED", halt.Visible, StringComparison.Ordinal);
        Assert.Equal(TradingState.Halted, engine.Snapshot.Status.State);
        Assert.Equal("telegram:103", engine.Snapshot.Status.Actor);
    }

    [Fact]
    public async Task Discord_maps_the_member_user_id_to_a_role_and_never_trusts_names_or_other_fields()
    {
        await using var h = await new EngineHarness().StartAsync();
        var router = DiscordRouter.Create(h);
        await using var rig = await DiscordRig.CreateAsync(router);
        await rig.StartAsync();

        foreach (var (id, role) in new[] { (DiscordRouter.Viewer, "viewer"), (DiscordRouter.Operator, "operator"), (DiscordRouter.Admin, "admin") })
        {
            var whoami = TextOf(await rig.SlashAsync(id, "whoami"));
            Assert.Contains($"Role: {role}", whoami, StringComparison.Ordinal);
            Assert.Contains($"User id: {id}", whoami, StringComparison.Ordinal);
        }

        var refused = await rig.SlashAsync(DiscordRouter.Viewer, "halt");
        Assert.Contains("Not allowed: /halt", TextOf(refused), StringComparison.Ordinal);
        Assert.True(IsEphemeral(refused));
        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);

        // The stranger names himself after the admin, and the payload carries the admin's id in the DM-only "user"
        // field as well: only member.user.id counts.
        var forged = FakeDiscord.SlashCommand(rig.NextInteractionId(), DiscordRouter.Stranger, "halt");
        forged["member"]!["user"]!["username"] = "admin";
        forged["member"]!["user"]!["global_name"] = DiscordRouter.Admin;
        forged["member"]!["nick"] = "admin";
        forged["user"] = new JsonObject { ["id"] = DiscordRouter.Admin, ["username"] = "admin" };
        var forgedAnswer = await DispatchAsync(rig, forged);
        AssertBareRefusal(forgedAnswer);

        // The same stranger in a direct message (no member, only user).
        var dm = FakeDiscord.SlashCommand(rig.NextInteractionId(), DiscordRouter.Stranger, "flatten");
        dm.Remove("member");
        dm.Remove("guild_id");
        dm["user"] = new JsonObject { ["id"] = DiscordRouter.Stranger, ["username"] = "admin", ["global_name"] = "Admin" };
        AssertBareRefusal(await DispatchAsync(rig, dm));

        // An id that is not a snowflake is nobody.
        var odd = FakeDiscord.SlashCommand(rig.NextInteractionId(), "admin", "halt");
        AssertBareRefusal(await DispatchAsync(rig, odd));

        Assert.Equal(TradingState.Active, h.Engine.Snapshot.Status.State);
        await h.IdleAsync();
        Assert.Equal(2, h.Journal.All<AuditRecordedRecord>().Count(a => a.Entry is { Transport: "discord", UserId: DiscordRouter.Stranger, Role: "unknown", Outcome: "denied" }));

        var halt = await rig.SlashAsync(DiscordRouter.Operator, "halt");
        Assert.Contains("HALTED", TextOf(halt), StringComparison.Ordinal);
        Assert.Equal($"discord:{DiscordRouter.Operator}", h.Engine.Snapshot.Status.Actor);
    }

    private static async Task<RestCall> DispatchAsync(DiscordRig rig, JsonObject interaction)
    {
        var id = (string)interaction["id"]!;
        await rig.Fake.DispatchAsync("INTERACTION_CREATE", interaction);
        return await rig.Fake.Rest.WaitForAsync(c => c.Kind == "callback" && c.Key == id, $"callback for {id}");
    }

    private static void AssertBareRefusal(RestCall call)
    {
        var data = call.Body!["data"]!;
        Assert.Equal(DiscordFormatter.NotAuthorizedText, (string?)data["content"]);
        Assert.Null(data["embeds"]);
        Assert.Empty(data["components"]!.AsArray());
        Assert.True(IsEphemeral(call));
    }

    private static bool IsEphemeral(RestCall call) => ((call.Body?["data"]?["flags"]?.GetValue<int>() ?? 0) & DiscordFormatter.EphemeralFlag) != 0;

    private static string TextOf(RestCall call)
    {
        var message = call.Body?["data"];
        if (message?["embeds"] is JsonArray { Count: > 0 } embeds)
            return embeds[0]!["title"]!.GetValue<string>() + "\n" + (embeds[0]!["description"]?.GetValue<string>() ?? string.Empty);
        return message?["content"]?.GetValue<string>() ?? string.Empty;
    }
}
