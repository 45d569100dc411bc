using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyFailoverTests
{
    // Telegram is the phone for everything; Discord only gets SEV1, so a SEV2 reaches Discord only by failover.
    // Rate limits are generous here: these tests are about failures, not about the token bucket.
    private static AlertPolicy TelegramPrimary() => Policy(WithChannels(
        new AlertChannelOptions("telegram", Severity.Sev1, Severity.Sev2, Severity.Sev3) { RatePerMinute = 600, Burst = 50 },
        new AlertChannelOptions("discord", Severity.Sev1) { RatePerMinute = 600, Burst = 50 },
        new AlertChannelOptions("log", All) { RatePerMinute = 600, Burst = 50 }));

    /// <summary>Raises SEV3 alerts and fails every delivery to the channel, <paramref name="times"/> times.</summary>
    private static List<AlertDispatch> Fail(AlertPolicy policy, string channel, int times, DateTimeOffset at)
    {
        var output = new List<AlertDispatch>();
        var failed = 0;
        for (var attempt = 0; failed < times; attempt++)
        {
            Assert.True(attempt < 20, $"only {failed} of {times} deliveries to {channel} could be failed");
            foreach (var dispatch in policy.Raise(Make(Guid.NewGuid().ToString("N"), Severity.Sev3, at), at).On(channel))
            {
                if (failed++ < times)
                    output.AddRange(policy.ReportFailure(dispatch, at));
            }
        }
        return output;
    }

    private static List<AlertDispatch> FailTelegram(AlertPolicy policy, int times, DateTimeOffset at) => Fail(policy, "telegram", times, at);

    [Fact]
    public void After_3_failures_in_a_row_a_channel_is_down_and_the_others_are_told_once()
    {
        var policy = TelegramPrimary();
        Assert.Empty(FailTelegram(policy, 2, T0));
        Assert.False(policy.IsDown("telegram"));

        var output = FailTelegram(policy, 1, T0.AddSeconds(1));

        Assert.True(policy.IsDown("telegram"));
        var notices = output.Where(d => d.Alert.Key == "alert-channel-down:telegram").ToList();
        Assert.Equal(["discord", "log"], notices.Select(d => d.Channel));
        Assert.All(notices, d =>
        {
            Assert.Equal(Severity.Sev2, d.Alert.Severity);
            Assert.Equal("Alert channel down: telegram", d.Alert.Title);
            Assert.Equal(IncidentType.NotificationFailure, d.Alert.IncidentType);
        });
        Assert.Equal(DispatchReason.Rerouted, notices[0].Reason);
        var probe = policy.Tick(T0.AddMinutes(2)).On("telegram").Single();
        Assert.DoesNotContain(policy.ReportFailure(probe, T0.AddMinutes(2)), d => d.Alert.Key.StartsWith("alert-channel-down", StringComparison.Ordinal));
    }

    [Fact]
    public void A_success_between_failures_resets_the_count()
    {
        var policy = TelegramPrimary();
        FailTelegram(policy, 2, T0);
        policy.ReportSuccess("telegram", T0.AddSeconds(1));
        FailTelegram(policy, 2, T0.AddSeconds(2));

        Assert.False(policy.IsDown("telegram"));
    }

    [Fact]
    public void A_failed_delivery_is_kept_and_tried_again_on_the_same_channel()
    {
        var policy = TelegramPrimary();
        var alert = Rejection("AAPL", T0);
        var dispatch = policy.Raise(alert, T0).On("telegram").Single();

        Assert.Empty(policy.ReportFailure(dispatch, T0));
        Assert.Equal(1, policy.HeldCount("telegram"));

        var retry = Assert.Single(policy.Tick(T0.AddSeconds(1)));
        Assert.Equal("telegram", retry.Channel);
        Assert.Same(alert, retry.Alert);
        Assert.Equal(DispatchReason.Released, retry.Reason);
    }

    [Fact]
    public void A_failed_SEV1_is_tried_again_at_the_next_tick_whatever_the_rate_limit()
    {
        var policy = Policy(WithChannels(new AlertChannelOptions("telegram", All) { Burst = 1, RatePerMinute = 1 }, new AlertChannelOptions("log", All)));
        policy.Raise(Make("x", Severity.Sev3, T0), T0);
        var halt = policy.Raise(KillSwitch(T0), T0).On("telegram").Single();
        policy.ReportFailure(halt, T0);

        var retry = policy.Tick(T0.AddSeconds(1)).On("telegram");

        Assert.Equal("kill-switch", Assert.Single(retry).Alert.Key);
    }

    [Fact]
    public void SEV1_and_SEV2_for_a_down_channel_go_to_the_other_channels()
    {
        var policy = TelegramPrimary();
        FailTelegram(policy, 3, T0);

        var sev2 = policy.Raise(Make("broker-connection", Severity.Sev2, T0.AddSeconds(5), "Broker connection lost"), T0.AddSeconds(5));
        var sev1 = policy.Raise(KillSwitch(T0.AddSeconds(6)), T0.AddSeconds(6));

        Assert.Equal([("discord", DispatchReason.Rerouted), ("log", DispatchReason.New)], sev2.Select(d => (d.Channel, d.Reason)));
        Assert.Equal(["discord", "log"], sev1.Select(d => d.Channel));
        Assert.DoesNotContain(sev1.Concat(sev2), d => d.Channel == "telegram");
    }

    [Fact]
    public void A_SEV2_that_failed_on_the_channel_going_down_is_rerouted()
    {
        var policy = TelegramPrimary();
        FailTelegram(policy, 2, T0);
        var sev2 = policy.Raise(Make("margin", Severity.Sev2, T0.AddSeconds(1), "Margin cushion low"), T0.AddSeconds(1)).On("telegram").Single(d => d.Alert.Key == "margin");

        var output = policy.ReportFailure(sev2, T0.AddSeconds(1));

        Assert.Contains(output, d => d.Channel == "discord" && d.Alert.Title == "Margin cushion low" && d.Reason == DispatchReason.Rerouted);
    }

    [Fact]
    public void Lower_severities_wait_for_the_channel_and_go_out_when_it_is_restored()
    {
        var policy = TelegramPrimary();
        FailTelegram(policy, 3, T0);
        var during = new List<AlertDispatch>();
        for (var i = 0; i < 4; i++)
            during.AddRange(policy.Raise(Rejection("AAPL", T0.AddSeconds(10 + i)), T0.AddSeconds(10 + i)));
        during.AddRange(policy.Raise(Make("no-signals", Severity.Sev3, T0.AddSeconds(20), "No signals for 2 hours"), T0.AddSeconds(20)));
        during.AddRange(policy.TickThrough(T0.AddSeconds(20), T0.AddMinutes(4), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(during, d => d.Channel == "telegram" && d.Reason != DispatchReason.Probe);

        var restored = policy.ReportSuccess("telegram", T0.AddMinutes(4));

        Assert.False(policy.IsDown("telegram"));
        var telegram = restored.On("telegram");
        Assert.Equal(2, telegram.Count);
        Assert.Contains("held while telegram was down", telegram[0].Alert.Title, StringComparison.Ordinal);
        Assert.True(telegram[0].AggregatedCount >= 4);
        Assert.Equal("Alert channel restored: telegram", telegram[1].Alert.Title);
        Assert.Contains(restored, d => d.Channel == "log" && d.Alert.Key == "alert-channel-restored:telegram");
    }

    [Fact]
    public void Nothing_is_lost_while_a_channel_fails_goes_down_and_comes_back()
    {
        var policy = TelegramPrimary();
        var brokenUntil = T0.AddMinutes(5);
        var delivered = new List<AlertDispatch>();
        var raised = new List<string>();
        void Deliver(IEnumerable<AlertDispatch> dispatches, DateTimeOffset at)
        {
            foreach (var d in dispatches.On("telegram"))
            {
                if (at < brokenUntil)
                    Deliver(policy.ReportFailure(d, at), at);
                else if (d.Reason == DispatchReason.Probe)
                    Deliver(policy.ReportSuccess("telegram", at), at);
                else
                    delivered.Add(d);
            }
        }

        for (var i = 0; i < 600; i++)
        {
            var at = T0.AddSeconds(i);
            var rejection = Rejection($"S{i % 7}", at, $"reason {i}");
            raised.Add(rejection.Id);
            Deliver(policy.Raise(rejection, at), at);
            if (i == 10)
                Assert.True(policy.IsDown("telegram"));
            Deliver(policy.Tick(at.AddMilliseconds(500)), at.AddMilliseconds(500));
        }
        for (var at = T0.AddMinutes(10); at <= T0.AddMinutes(20); at += TimeSpan.FromSeconds(1))
            Deliver(policy.Tick(at), at);

        Assert.False(policy.IsDown("telegram"));
        var rejections = delivered.Where(d => d.Alert.Key != "alert-channel-restored:telegram").ToList();
        Assert.Equal(600, rejections.Total());
        Assert.Equal(raised.Order(), rejections.SelectMany(d => d.AlertIds).Order());
        Assert.Equal(0, policy.HeldCount("telegram"));
        Assert.Equal(0, policy.FoldedCount);
    }

    [Fact]
    public void A_down_channel_is_probed_every_minute_until_it_works_again()
    {
        var policy = TelegramPrimary();
        FailTelegram(policy, 3, T0);

        Assert.Empty(policy.Tick(T0.AddSeconds(59)).On("telegram"));
        var probe = Assert.Single(policy.Tick(T0.AddMinutes(1)).On("telegram"));
        Assert.Equal(DispatchReason.Probe, probe.Reason);
        Assert.Equal(0, probe.AggregatedCount);
        Assert.Equal("Alert channel check", probe.Alert.Title);

        var held = policy.HeldCount("telegram");
        Assert.Empty(policy.ReportFailure(probe, T0.AddMinutes(1)));
        Assert.True(policy.IsDown("telegram"));
        Assert.Equal(held, policy.HeldCount("telegram"));
        var second = Assert.Single(policy.Tick(T0.AddMinutes(2)).On("telegram"));

        policy.ReportSuccess("telegram", T0.AddMinutes(2));
        Assert.False(policy.IsDown("telegram"));
        Assert.Equal(DispatchReason.Probe, second.Reason);
        Assert.DoesNotContain(policy.Tick(T0.AddMinutes(4)), d => d.Reason == DispatchReason.Probe);
    }

    [Fact]
    public void A_failed_aggregate_is_folded_back_whole()
    {
        var policy = TelegramPrimary();
        for (var i = 0; i < 8; i++)
            policy.Raise(Rejection("AAPL", T0.AddSeconds(i)), T0.AddSeconds(i));
        var aggregate = policy.Tick(T0.AddMinutes(2)).On("telegram").Single();
        Assert.Equal(7, aggregate.AggregatedCount);

        policy.ReportFailure(aggregate, T0.AddMinutes(2));
        var retry = Assert.Single(policy.Tick(T0.AddMinutes(2).AddSeconds(1)).On("telegram"));

        Assert.Equal(7, retry.AggregatedCount);
        Assert.Equal("7 more rejections for AAPL in 7 s", retry.Alert.Title);
    }

    [Fact]
    public void When_every_channel_is_down_SEV1_waits_on_its_own_channel()
    {
        var policy = Policy(WithChannels(new AlertChannelOptions("telegram", All), new AlertChannelOptions("discord", All)));
        Fail(policy, "telegram", 3, T0);
        Fail(policy, "discord", 3, T0.AddMinutes(1));
        Assert.DoesNotContain(policy.Tick(T0.AddMinutes(1)), d => d.Reason != DispatchReason.Probe);
        Assert.True(policy.IsDown("telegram") && policy.IsDown("discord"));

        Assert.Empty(policy.Raise(KillSwitch(T0.AddMinutes(1)), T0.AddMinutes(1)));
        var back = policy.ReportSuccess("discord", T0.AddMinutes(2));

        Assert.Contains(back, d => d.Channel == "discord" && d.Alert.Title.Contains("HALTED", StringComparison.Ordinal));
    }
}
