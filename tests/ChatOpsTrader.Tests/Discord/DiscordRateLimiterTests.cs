using ChatOpsTrader.Chat.Discord;
using ChatOpsTrader.Tests.Support;
using Info = ChatOpsTrader.Chat.Discord.DiscordRateLimiter.RateLimitInfo;

namespace ChatOpsTrader.Tests.Discord;

/// <summary>The limiter on a manual clock: every wait is a timer the test moves past.</summary>
public class DiscordRateLimiterTests
{
    private static Info Headers(string bucket, int remaining, double resetAfter) => new(bucket, 5, remaining, TimeSpan.FromSeconds(resetAfter), false, TimeSpan.Zero, false);

    [Fact]
    public async Task Other_traffic_leaves_a_tenth_of_the_global_budget_for_interactions()
    {
        var time = new ManualTimeProvider();
        var limiter = new DiscordRateLimiter(time, 10);
        for (var i = 0; i < 9; i++)
            (await limiter.AcquireAsync($"POST /channels/{{channel}}/messages|channel:{i}", interaction: false, CancellationToken.None)).Dispose();

        var waiting = limiter.AcquireAsync("POST /channels/{channel}/messages|channel:99", interaction: false, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        var interaction = limiter.AcquireAsync("POST /interactions/{id}/{token}/callback|interaction:1", interaction: true, CancellationToken.None);
        Assert.True(interaction.IsCompleted);
        var overLimit = limiter.AcquireAsync("POST /interactions/{id}/{token}/callback|interaction:2", interaction: true, CancellationToken.None);
        Assert.False(overLimit.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await overLimit.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await interaction).Dispose();
    }

    [Fact]
    public async Task A_request_in_flight_counts_until_it_is_answered()
    {
        var time = new ManualTimeProvider();
        var limiter = new DiscordRateLimiter(time, 1);
        var first = await limiter.AcquireAsync("GET /gateway/bot|bot", false, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var second = limiter.AcquireAsync("PUT /applications/{app}/guilds/{guild}/commands|guild:1", false, CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        time.Advance(TimeSpan.FromSeconds(0.999));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.001));
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task An_exhausted_bucket_waits_for_its_reset_and_routes_in_the_same_bucket_share_it()
    {
        var time = new ManualTimeProvider();
        var limiter = new DiscordRateLimiter(time, 50);
        var lease = await limiter.AcquireAsync("POST /channels/{channel}/messages|channel:1", false, CancellationToken.None);
        lease.Observe(Headers("abc", 0, 2.5));
        lease.Dispose();
        var other = await limiter.AcquireAsync("PATCH /channels/{channel}/messages/{id}|channel:1", false, CancellationToken.None);
        other.Observe(Headers("abc", 0, 2.5));
        other.Dispose();

        var same = limiter.AcquireAsync("POST /channels/{channel}/messages|channel:1", false, CancellationToken.None);
        var sharing = limiter.AcquireAsync("PATCH /channels/{channel}/messages/{id}|channel:1", false, CancellationToken.None);
        var otherChannel = limiter.AcquireAsync("POST /channels/{channel}/messages|channel:2", false, CancellationToken.None);
        Assert.False(same.IsCompleted);
        Assert.False(sharing.IsCompleted);
        Assert.True(otherChannel.IsCompleted);
        (await otherChannel).Dispose();

        time.Advance(TimeSpan.FromSeconds(2.5));
        (await same.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await sharing.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_global_429_blocks_every_route_until_retry_after()
    {
        var time = new ManualTimeProvider();
        var limiter = new DiscordRateLimiter(time, 50);
        var lease = await limiter.AcquireAsync("POST /channels/{channel}/messages|channel:1", false, CancellationToken.None);
        lease.Observe(new Info(null, null, null, null, true, TimeSpan.FromSeconds(3), true));
        lease.Dispose();

        var other = limiter.AcquireAsync("GET /gateway/bot|bot", false, CancellationToken.None);
        var interaction = limiter.AcquireAsync("POST /interactions/{id}/{token}/callback|interaction:1", true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(other.IsCompleted);
        Assert.False(interaction.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await other.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await interaction.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Idle_interaction_routes_are_forgotten()
    {
        var time = new ManualTimeProvider();
        var limiter = new DiscordRateLimiter(time, 100_000);
        for (var i = 0; i < 1000; i++)
            (await limiter.AcquireAsync($"POST /interactions/{{id}}/{{token}}/callback|interaction:{i}", true, CancellationToken.None)).Dispose();
        Assert.Equal(1000, limiter.RouteCount);
        time.Advance(TimeSpan.FromMinutes(11));
        (await limiter.AcquireAsync("GET /gateway/bot|bot", false, CancellationToken.None)).Dispose();
        Assert.Equal(1, limiter.RouteCount);
    }
}
