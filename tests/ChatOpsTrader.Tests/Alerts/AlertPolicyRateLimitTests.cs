using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyRateLimitTests
{
    private static AlertPolicy Limited() => Policy(WithChannels(
        new AlertChannelOptions("telegram", All) { RatePerMinute = 20, Burst = 5 }));

    [Fact]
    public void A_channel_sends_its_burst_at_once_and_holds_the_rest()
    {
        var policy = Limited();
        var sent = new List<AlertDispatch>();
        for (var i = 0; i < 12; i++)
            sent.AddRange(policy.Raise(Make($"key{i}", Severity.Sev3, T0), T0));

        Assert.Equal(5, sent.Count);
        Assert.Equal(7, policy.HeldCount("telegram"));
    }

    [Fact]
    public void Held_alerts_go_out_as_one_digest_when_a_token_refills()
    {
        var policy = Limited();
        for (var i = 0; i < 12; i++)
            policy.Raise(Make($"key{i}", Severity.Sev3, T0, $"Problem {i}"), T0);

        // 20 tokens a minute: the next one is there after exactly 3 seconds.
        Assert.Empty(policy.Tick(T0.AddMilliseconds(2999)));
        var digest = Assert.Single(policy.Tick(T0.AddSeconds(3)));

        Assert.Equal(7, digest.AggregatedCount);
        Assert.Equal(DispatchReason.Released, digest.Reason);
        Assert.Equal("7 alerts of 7 kinds held by the rate limit", digest.Alert.Title);
        Assert.Contains("Problem 5", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Contains("Problem 11", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Equal(0, policy.HeldCount("telegram"));
    }

    [Fact]
    public void New_alerts_queue_behind_held_ones_instead_of_overtaking_them()
    {
        var policy = Limited();
        for (var i = 0; i < 6; i++)
            policy.Raise(Make($"key{i}", Severity.Sev3, T0), T0);
        Assert.Equal(1, policy.HeldCount("telegram"));

        var released = policy.Raise(Make("late", Severity.Sev2, T0.AddSeconds(3)), T0.AddSeconds(3));

        // The refilled token goes to the held alert; the new one waits for the next.
        var first = Assert.Single(released);
        Assert.Equal("key5", first.Alert.Key);
        Assert.Equal(1, policy.HeldCount("telegram"));
        Assert.Equal("late", Assert.Single(policy.Tick(T0.AddSeconds(6))).Alert.Key);
    }

    [Fact]
    public void SEV1_borrows_beyond_the_limit_and_goes_out_at_once()
    {
        var policy = Limited();
        for (var i = 0; i < 8; i++)
            policy.Raise(Make($"key{i}", Severity.Sev3, T0), T0);

        var halt = policy.Raise(KillSwitch(T0), T0);
        var runaway = policy.Raise(Make("runaway", Severity.Sev1, T0), T0);

        Assert.Single(halt);
        Assert.Single(runaway);
        // Two tokens borrowed: the held digest waits until the debt is paid back (2 × 3 s) and one more token refills.
        Assert.Empty(policy.Tick(T0.AddSeconds(8)));
        Assert.Equal(3, Assert.Single(policy.Tick(T0.AddSeconds(9))).AggregatedCount);
    }

    [Fact]
    public void The_bucket_refills_exactly_and_never_beyond_its_size()
    {
        var policy = Limited();
        Raise(policy, 5, T0);
        Assert.Equal(5, Raise(policy, 5, T0.AddHours(1)));
        Assert.Equal(0, Raise(policy, 1, T0.AddHours(1)));
        Assert.Single(policy.Tick(T0.AddHours(1).AddSeconds(3)));
    }

    private static int Raise(AlertPolicy policy, int count, DateTimeOffset at)
    {
        var sent = 0;
        for (var i = 0; i < count; i++)
            sent += policy.Raise(Make(Guid.NewGuid().ToString("N"), Severity.Sev3, at), at).Count;
        return sent;
    }
}
