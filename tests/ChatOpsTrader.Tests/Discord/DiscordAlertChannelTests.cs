using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Commands;
using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Core.Alerts;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>Alert delivery and the REST client's rate limiting against the fake's enforced limits (real time, small limits).</summary>
public class DiscordAlertChannelTests
{
    private static Task<DiscordRig> RigAsync(Action<FakeDiscord>? fake = null, Action<DiscordOptions>? options = null) =>
        DiscordRig.CreateAsync((Func<Caller, string, CancellationToken, Task<Reply?>>?)null, configureFake: fake, configureOptions: options);

    private static Alert AlertNo(int i, Severity severity = Severity.Sev2) =>
        new($"id{i}", new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero).AddSeconds(i), severity, $"k{i}", $"Alert #{i}", $"facts of #{i}", "look at /status");

    private static DiscordAlertChannel Channel(DiscordRig rig) => new(rig.Options, rig.Health, rig.Rest);

    [Fact]
    public async Task An_alert_is_posted_to_the_alert_channel_as_one_embed_with_the_bot_token()
    {
        await using var rig = await RigAsync();
        var channel = Channel(rig);
        Assert.Equal("discord", channel.Name);
        Assert.True(channel.IsEnabled);

        var result = await channel.DeliverAsync(AlertNo(7, Severity.Sev1), CancellationToken.None);
        Assert.True(result.Delivered, result.Detail);
        Assert.StartsWith("discord message ", result.Detail, StringComparison.Ordinal);
        var call = Assert.Single(rig.Fake.Rest.Snapshot());
        Assert.Equal($"/api/v10/channels/{FakeDiscord.ChannelId}/messages", call.Path);
        Assert.Equal("Bot " + FakeDiscord.Token, call.Authorization);
        var embed = call.Body!["embeds"]![0]!;
        Assert.Equal("SEV1: Alert #7", embed["title"]!.GetValue<string>());
        Assert.Equal("facts of #7", embed["description"]!.GetValue<string>());
        Assert.Equal("2026-11-18T15:00:07.000Z", embed["timestamp"]!.GetValue<string>());
        Assert.Empty(rig.AllViolations());
    }

    [Fact]
    public async Task A_thousand_alerts_to_one_channel_stay_within_the_enforced_limits_and_none_is_lost()
    {
        await using var rig = await RigAsync(
            fake: f =>
            {
                f.ChannelLimit = (25, TimeSpan.FromMilliseconds(100));
                f.GlobalPerSecond = 400;
            },
            options: o => o.GlobalRequestsPerSecond = 400);
        var channel = Channel(rig);
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => channel.DeliverAsync(AlertNo(i), CancellationToken.None)));
        watch.Stop();

        Assert.All(results, r => Assert.True(r.Delivered, r.Detail));
        Assert.Equal(0, rig.Fake.Count429);
        Assert.Equal(0, rig.Rest.RateLimitedCount);
        var posted = rig.Fake.Rest.Snapshot().Where(c => c.Kind == "message" && c.Status == 200).Select(c => c.Body!["embeds"]![0]!["description"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(1000, posted.Count);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Contains($"facts of #{i}", posted));
        // 40 windows of 25: the limit really was reached (at least 39 resets waited for), and it stayed quick.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(3.8), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task The_global_limit_holds_across_channels()
    {
        await using var rig = await RigAsync(fake: f => f.GlobalPerSecond = 100, options: o => o.GlobalRequestsPerSecond = 100);
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 250).Select(i =>
            rig.Rest.CreateMessageAsync((700000000000000100 + (i % 25)).ToString(CultureInfo.InvariantCulture), new JsonObject { ["content"] = $"m{i}", ["allowed_mentions"] = DiscordFormatter.NoMentions() }, CancellationToken.None)));
        watch.Stop();
        Assert.All(results, r => Assert.True(r.Ok, r.Detail));
        Assert.Equal(0, rig.Fake.Count429);
        // Non-interaction traffic leaves a tenth of the budget for interactions: 90 per second.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        var arrivals = rig.Fake.Rest.Snapshot().Select(c => c.Time).Order().ToList();
        var busiest = arrivals.Select((t, i) => arrivals.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest <= 100, $"{busiest} requests in one second");
    }

    [Fact]
    public async Task Rate_limit_headers_make_the_next_request_wait_for_the_bucket_reset()
    {
        await using var rig = await RigAsync(fake: f => f.ChannelLimit = (2, TimeSpan.FromMilliseconds(400)));
        var channel = Channel(rig);
        for (var i = 0; i < 3; i++)
            Assert.True((await channel.DeliverAsync(AlertNo(i), CancellationToken.None)).Delivered);
        var calls = rig.Fake.Rest.Snapshot();
        Assert.All(calls, c => Assert.Equal(200, c.Status));
        Assert.True(calls[2].Time - calls[0].Time >= TimeSpan.FromMilliseconds(399), $"{(calls[2].Time - calls[0].Time).TotalMilliseconds} ms");
        Assert.True(calls[1].Time - calls[0].Time < TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_429_is_honoured_by_waiting_retry_after_before_the_retry()
    {
        await using var rig = await RigAsync(fake: f => f.Forced429.Enqueue((0.3, false)));
        var result = await Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.True(result.Delivered, result.Detail);
        var calls = rig.Fake.Rest.Snapshot();
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True(calls[1].Time - calls[0].Time >= TimeSpan.FromMilliseconds(299), $"{(calls[1].Time - calls[0].Time).TotalMilliseconds} ms");
        Assert.Equal(1, rig.Rest.RateLimitedCount);
    }

    [Fact]
    public async Task A_global_429_holds_back_every_route()
    {
        await using var rig = await RigAsync(fake: f => f.Forced429.Enqueue((0.4, true)));
        var alert = Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        var limited = await rig.Fake.Rest.WaitForAsync(c => c.Status == 429, "the global 429");
        // The client counts a 429 once it has applied the block.
        Assert.True(SpinWait.SpinUntil(() => rig.Rest.RateLimitedCount == 1, TimeSpan.FromSeconds(5)));
        var other = await rig.Rest.GetGatewayBotAsync(CancellationToken.None);
        Assert.True(other.Ok);
        Assert.True((await alert).Delivered);
        var gatewayBot = rig.Fake.Rest.Snapshot().Single(c => c.Kind == "gateway-bot");
        Assert.True(gatewayBot.Time - limited.Time >= TimeSpan.FromMilliseconds(399), $"{(gatewayBot.Time - limited.Time).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_429_longer_than_the_client_waits_for_fails_retryable()
    {
        await using var rig = await RigAsync(fake: f => f.Forced429.Enqueue((30, false)));
        var result = await Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.True(result.Retryable);
        Assert.Contains("429", result.Detail, StringComparison.Ordinal);
        Assert.Single(rig.Fake.Rest.Snapshot());
    }

    [Theory]
    [InlineData(403, false, "50013")]
    [InlineData(404, false, "404")]
    [InlineData(500, true, "500")]
    public async Task Permission_errors_need_a_person_and_server_errors_may_pass_later(int status, bool retryable, string detail)
    {
        await using var rig = await RigAsync(fake: f => f.ChannelMessageStatus = status);
        var result = await Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.Equal(retryable, result.Retryable);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscord.Token, result.Detail, StringComparison.Ordinal);
        Assert.False(rig.Health.IsStopped);
    }

    [Fact]
    public async Task A_401_stops_everything_and_later_alerts_are_refused_without_a_request()
    {
        await using var rig = await RigAsync(fake: f => f.RejectToken = true);
        var channel = Channel(rig);
        var first = await channel.DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.False(first.Delivered);
        Assert.False(first.Retryable);
        Assert.False(channel.IsEnabled);
        var second = await channel.DeliverAsync(AlertNo(2), CancellationToken.None);
        Assert.False(second.Retryable);
        Assert.Single(rig.Fake.Rest.Snapshot());
        Assert.Single(rig.Problems, p => p.Fatal && p.Kind == "unauthorized");
    }

    [Fact]
    public async Task A_network_failure_is_retryable()
    {
        await using var rig = await RigAsync(options: o => o.ApiBaseUrl = "http://127.0.0.1:9/api/v10");
        var result = await Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.True(result.Retryable);
        Assert.DoesNotContain(FakeDiscord.Token, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_alert_channel_or_token_alerts_are_off()
    {
        await using var rig = await RigAsync(options: o => o.AlertChannelId = null);
        Assert.False(Channel(rig).IsEnabled);
        var result = await Channel(rig).DeliverAsync(AlertNo(1), CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.False(result.Retryable);
        Assert.Equal(0, rig.Fake.Rest.Count);
    }
}
