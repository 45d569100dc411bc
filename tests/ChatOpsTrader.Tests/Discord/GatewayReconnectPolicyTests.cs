using System.Text.Json.Nodes;
using ChatOpsTrader.Chat.Discord;

namespace ChatOpsTrader.Tests.Discord;

public class GatewayReconnectPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    private static GatewayReconnectPolicy Policy(double random = 1.0, int cap = 100) =>
        new(new DiscordGatewayTuning { Random = () => random, MaxIdentifiesPerDay = cap });

    [Fact]
    public void A_stable_session_reconnects_at_once_and_failures_back_off_exponentially_up_to_the_cap()
    {
        var policy = Policy(random: 0.999999);
        Assert.Equal(TimeSpan.Zero, policy.OnConnectionEnded(established: true, TimeSpan.FromHours(2)));
        var delays = Enumerable.Range(0, 10).Select(_ => policy.OnConnectionEnded(false, TimeSpan.Zero).TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 120, 120, 120], delays.Select(d => Math.Round(d)));
        Assert.Equal(10, policy.ConsecutiveFailures);
        Assert.Equal(TimeSpan.Zero, policy.OnConnectionEnded(true, TimeSpan.FromMinutes(5)));
        Assert.Equal(0, policy.ConsecutiveFailures);
    }

    [Fact]
    public void Backoff_jitter_stays_between_half_and_full()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), Policy(random: 0).Backoff(4));
        Assert.Equal(TimeSpan.FromSeconds(6), Policy(random: 0.5).Backoff(4));
    }

    [Fact]
    public void A_session_that_drops_right_after_ready_still_counts_as_a_failure()
    {
        var policy = Policy();
        policy.OnConnectionEnded(true, TimeSpan.FromSeconds(3));
        policy.OnConnectionEnded(true, TimeSpan.FromSeconds(3));
        Assert.Equal(2, policy.ConsecutiveFailures);
    }

    [Fact]
    public void Identify_is_spaced_and_capped_per_rolling_day()
    {
        var policy = Policy(cap: 3);
        var now = T0;
        Assert.Equal(TimeSpan.Zero, policy.IdentifyWait(now, null, out _));
        policy.RecordIdentify(now);
        Assert.Equal(TimeSpan.FromSeconds(5.5), policy.IdentifyWait(now, null, out var spacing));
        Assert.Equal("spacing Identify calls", spacing);
        now += TimeSpan.FromMinutes(1);
        policy.RecordIdentify(now);
        now += TimeSpan.FromMinutes(1);
        policy.RecordIdentify(now);
        now += TimeSpan.FromMinutes(1);

        var wait = policy.IdentifyWait(now, null, out var reason);
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(3), wait);
        Assert.Contains("cap of 3", reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, policy.IdentifyWait(T0 + TimeSpan.FromHours(24), null, out _));
        Assert.Equal(2, policy.IdentifiesToday);
    }

    [Fact]
    public void A_low_remaining_budget_at_discord_waits_for_its_reset()
    {
        var policy = Policy();
        var wait = policy.IdentifyWait(T0, new SessionStartLimit(1000, 10, TimeSpan.FromHours(3), 1), out var reason);
        Assert.Equal(TimeSpan.FromHours(3), wait);
        Assert.Contains("10 of 1000", reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, policy.IdentifyWait(T0, new SessionStartLimit(1000, 11, TimeSpan.FromHours(3), 1), out _));
    }

    [Fact]
    public void The_invalid_session_wait_is_between_one_and_five_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Policy(random: 0).InvalidSessionWait());
        Assert.Equal(TimeSpan.FromSeconds(3), Policy(random: 0.5).InvalidSessionWait());
    }

    [Fact]
    public void Gateway_bot_is_parsed_and_the_url_gets_version_and_encoding()
    {
        var body = JsonNode.Parse("""{"url":"wss://gateway.discord.gg","shards":1,"session_start_limit":{"total":1000,"remaining":998,"reset_after":3600000,"max_concurrency":1}}""");
        Assert.True(DiscordGateway.ParseGatewayBot(body, out var url, out var limit));
        Assert.Equal("wss://gateway.discord.gg", url);
        Assert.Equal(new SessionStartLimit(1000, 998, TimeSpan.FromHours(1), 1), limit);
        Assert.Equal("wss://gateway.discord.gg/?v=10&encoding=json", DiscordGateway.GatewayUri(url!).ToString());
        Assert.False(DiscordGateway.ParseGatewayBot(JsonNode.Parse("""{"url":"https://not-a-socket"}"""), out _, out _));
    }
}
