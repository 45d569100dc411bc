using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyDedupTests
{
    [Fact]
    public void The_first_alert_of_a_key_goes_out_at_once_to_every_routed_channel()
    {
        var policy = Policy();
        var alert = Rejection("AAPL", T0);

        var sent = policy.Raise(alert, T0);

        Assert.Equal(["telegram", "discord", "log"], sent.Select(d => d.Channel));
        Assert.All(sent, d =>
        {
            Assert.Same(alert, d.Alert);
            Assert.Equal(1, d.AggregatedCount);
            Assert.False(d.IsEscalation);
            Assert.Equal(DispatchReason.New, d.Reason);
        });
    }

    [Fact]
    public void Repeats_within_the_window_are_folded_and_sent_as_one_aggregate_when_it_closes()
    {
        var policy = Policy();
        policy.Raise(Rejection("AAPL", T0), T0);
        var folded = new List<AlertDispatch>();
        for (var i = 1; i <= 7; i++)
        {
            var at = T0.AddSeconds(15 * i);
            folded.AddRange(policy.Raise(Rejection("AAPL", at, i == 7 ? "insufficient margin" : "price outside limits"), at));
        }
        Assert.Empty(folded);
        Assert.Equal(7, policy.FoldedCount);
        Assert.Empty(policy.Tick(T0.AddSeconds(119)));

        var closed = policy.Tick(T0.AddMinutes(2));

        Assert.Equal(["telegram", "discord", "log"], closed.Select(d => d.Channel));
        var aggregate = closed[0];
        Assert.Equal(7, aggregate.AggregatedCount);
        Assert.Equal(DispatchReason.Aggregated, aggregate.Reason);
        Assert.Equal("7 more rejections for AAPL in 2 min", aggregate.Alert.Title);
        Assert.Contains("Last at 10:01:45: Order rejected: AAPL (broker-rejected). momentum: broker rejected order 5 (code 201): insufficient margin", aggregate.Alert.Text, StringComparison.Ordinal);
        Assert.Contains("Counting since 10:00:00", aggregate.Alert.Text, StringComparison.Ordinal);
        Assert.Equal("reject:AAPL", aggregate.Alert.Key);
        Assert.Equal(Severity.Sev3, aggregate.Alert.Severity);
        Assert.Equal(0, policy.FoldedCount);
    }

    [Fact]
    public void A_key_that_went_quiet_closes_its_window_and_its_next_alert_goes_out_at_once()
    {
        var policy = Policy();
        policy.Raise(Rejection("AAPL", T0), T0);
        Assert.Empty(policy.Tick(T0.AddMinutes(2)));

        var next = policy.Raise(Rejection("AAPL", T0.AddMinutes(3)), T0.AddMinutes(3));

        Assert.Equal(3, next.Count);
        Assert.All(next, d => Assert.Equal(DispatchReason.New, d.Reason));
    }

    [Fact]
    public void A_busy_key_keeps_aggregating_window_after_window()
    {
        var policy = Policy();
        var sent = new List<AlertDispatch>();
        // One rejection every 10 s for 5 minutes: 31 alerts.
        for (var s = 0; s <= 300; s += 10)
        {
            var at = T0.AddSeconds(s);
            sent.AddRange(policy.Raise(Rejection("AAPL", at), at));
            sent.AddRange(policy.Tick(at.AddSeconds(1)));
        }
        sent.AddRange(policy.TickThrough(T0.AddSeconds(301), T0.AddMinutes(8), TimeSpan.FromSeconds(1)));

        var telegram = sent.On("telegram");
        Assert.Equal([DispatchReason.New, DispatchReason.Aggregated, DispatchReason.Aggregated, DispatchReason.Aggregated], telegram.Select(d => d.Reason));
        Assert.Equal(31, telegram.Total());
        Assert.All(telegram.Skip(1), d => Assert.Contains(" more rejections for AAPL", d.Alert.Title, StringComparison.Ordinal));
    }

    [Fact]
    public void A_more_severe_alert_of_a_folding_key_goes_out_at_once_and_the_fold_still_closes()
    {
        var policy = Policy();
        policy.Raise(Make("reconciliation", Severity.Sev2, T0), T0);
        policy.Raise(Make("reconciliation", Severity.Sev2, T0.AddSeconds(10)), T0.AddSeconds(10));

        var worse = policy.Raise(Make("reconciliation", Severity.Sev1, T0.AddSeconds(20), "Break over $1K"), T0.AddSeconds(20));

        Assert.Equal(3, worse.Count);
        Assert.All(worse, d => Assert.Equal("Break over $1K", d.Alert.Title));
        var closed = policy.Tick(T0.AddMinutes(2));
        Assert.Equal(3, closed.Count);
        Assert.All(closed, d => Assert.Equal(1, d.AggregatedCount));
    }

    [Fact]
    public void A_SEV1_of_a_new_key_goes_out_at_once_while_other_keys_are_folding()
    {
        var policy = Policy();
        policy.Raise(Rejection("AAPL", T0), T0);
        for (var i = 1; i < 50; i++)
            policy.Raise(Rejection("AAPL", T0.AddMilliseconds(i)), T0.AddMilliseconds(i));

        var halt = KillSwitch(T0.AddSeconds(1));
        var sent = policy.Raise(halt, T0.AddSeconds(1));

        Assert.Equal(["telegram", "discord", "log"], sent.Select(d => d.Channel));
        Assert.All(sent, d => Assert.Same(halt, d.Alert));
    }

    [Fact]
    public void Each_key_has_its_own_window_and_a_prefix_can_set_a_longer_one()
    {
        var options = AlertPolicyOptions.Default with
        {
            DedupWindowByPrefix = new Dictionary<string, TimeSpan> { ["reject:"] = TimeSpan.FromMinutes(5), ["reject:MSFT"] = TimeSpan.FromMinutes(1) },
        };
        Assert.Equal(TimeSpan.FromMinutes(5), options.WindowFor("reject:AAPL"));
        Assert.Equal(TimeSpan.FromMinutes(1), options.WindowFor("reject:MSFT"));
        Assert.Equal(TimeSpan.FromMinutes(2), options.WindowFor("kill-switch"));

        var policy = Policy(options);
        foreach (var symbol in new[] { "AAPL", "MSFT" })
        {
            policy.Raise(Rejection(symbol, T0), T0);
            policy.Raise(Rejection(symbol, T0.AddSeconds(5)), T0.AddSeconds(5));
        }

        var atOne = policy.Tick(T0.AddMinutes(1));
        Assert.Equal(3, atOne.Count);
        Assert.All(atOne, d => Assert.Equal("reject:MSFT", d.Alert.Key));
        Assert.Empty(policy.Tick(T0.AddMinutes(4)));
        var atFive = policy.Tick(T0.AddMinutes(5));
        Assert.Equal(3, atFive.Count);
        Assert.All(atFive, d => Assert.Equal("reject:AAPL", d.Alert.Key));
    }

    [Fact]
    public void Raise_also_closes_windows_that_are_due()
    {
        var policy = Policy();
        policy.Raise(Rejection("AAPL", T0), T0);
        policy.Raise(Rejection("AAPL", T0.AddSeconds(1)), T0.AddSeconds(1));

        var sent = policy.Raise(Rejection("MSFT", T0.AddMinutes(3)), T0.AddMinutes(3));

        Assert.Equal(3, sent.Count(d => d.Reason == DispatchReason.Aggregated && d.Alert.Key == "reject:AAPL"));
        Assert.Equal(3, sent.Count(d => d.Reason == DispatchReason.New && d.Alert.Key == "reject:MSFT"));
    }

    [Theory]
    [InlineData("reject:AAPL", 1, "1 rejection for AAPL")]
    [InlineData("reject:AAPL", 7, "7 rejections for AAPL")]
    [InlineData("unauthorized:telegram:99", 3, "3 unauthorized attempts by telegram:99")]
    [InlineData("watchdog:17", 2, "2 orders cancelled while halted")]
    [InlineData("backup", 2, "2 'backup' alerts")]
    public void Aggregates_count_in_words(string key, int count, string expected) => Assert.Equal(expected, AlertWording.Counted(key, count));
}
