using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyEscalationTests
{
    // SEV1 goes to Telegram and the log; Discord only gets SEV2/SEV3, so the final escalation is the first it hears of it.
    private static AlertPolicy TelegramFirst() => Policy(WithChannels(
        new AlertChannelOptions("telegram", Severity.Sev1, Severity.Sev2, Severity.Sev3),
        new AlertChannelOptions("discord", Severity.Sev2, Severity.Sev3),
        new AlertChannelOptions("log", All)));

    [Fact]
    public void An_unacknowledged_SEV1_is_repeated_on_the_same_channels_after_5_minutes()
    {
        var policy = TelegramFirst();
        var halt = KillSwitch(T0);
        Assert.Equal(["telegram", "log"], policy.Raise(halt, T0).Select(d => d.Channel));

        Assert.Empty(policy.TickThrough(T0, T0.AddMinutes(5).AddSeconds(-1), TimeSpan.FromSeconds(1)));
        var repeat = policy.Tick(T0.AddMinutes(5));

        Assert.Equal(["telegram", "log"], repeat.Select(d => d.Channel));
        Assert.All(repeat, d =>
        {
            Assert.True(d.IsEscalation);
            Assert.Equal(DispatchReason.Escalated, d.Reason);
            Assert.Equal(Severity.Sev1, d.Alert.Severity);
            Assert.Equal("UNACKNOWLEDGED for 5 min: Trading HALTED (Manual)", d.Alert.Title);
            Assert.Contains("/ack kill-switch", d.Alert.Text, StringComparison.Ordinal);
            Assert.Equal(halt.Time, d.Alert.Time);
        });
        Assert.Equal(["kill-switch"], policy.AwaitingAcknowledgement);
    }

    [Fact]
    public void Ten_minutes_after_the_repeat_it_goes_to_every_channel_and_then_stops()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0), T0);
        policy.Tick(T0.AddMinutes(5));
        Assert.Empty(policy.TickThrough(T0.AddMinutes(5), T0.AddMinutes(15).AddSeconds(-1), TimeSpan.FromSeconds(10)));

        var everywhere = policy.Tick(T0.AddMinutes(15));

        Assert.Equal(["telegram", "discord", "log"], everywhere.Select(d => d.Channel));
        Assert.All(everywhere, d => Assert.True(d.IsEscalation));
        Assert.Contains("last repeat", everywhere[0].Alert.Text, StringComparison.Ordinal);
        Assert.Empty(policy.TickThrough(T0.AddMinutes(15), T0.AddHours(2), TimeSpan.FromMinutes(1)));
        Assert.Empty(policy.AwaitingAcknowledgement);
    }

    [Fact]
    public void Acknowledging_the_key_stops_the_escalation()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0), T0);
        policy.Tick(T0.AddMinutes(5));

        Assert.True(policy.Acknowledge("kill-switch", T0.AddMinutes(6)));

        Assert.Empty(policy.TickThrough(T0.AddMinutes(6), T0.AddHours(1), TimeSpan.FromMinutes(1)));
        Assert.False(policy.Acknowledge("kill-switch", T0.AddHours(1)));
    }

    [Fact]
    public void Acknowledging_the_incident_id_stops_the_escalation_before_the_first_repeat()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0) with { IncidentId = "INC-0007" }, T0);

        Assert.True(policy.Acknowledge("inc-0007", T0.AddMinutes(1)));

        Assert.Empty(policy.TickThrough(T0.AddMinutes(1), T0.AddMinutes(30), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void The_repeat_names_the_incident_to_acknowledge()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0) with { IncidentId = "INC-0007" }, T0);

        var repeat = policy.Tick(T0.AddMinutes(5));

        Assert.All(repeat, d => Assert.Contains("/ack INC-0007", d.Alert.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tick_so_late_that_both_are_due_sends_only_the_final_escalation()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0), T0);

        var late = policy.Tick(T0.AddMinutes(20));

        Assert.Equal(["telegram", "discord", "log"], late.Select(d => d.Channel));
    }

    [Fact]
    public void Repeats_of_the_same_SEV1_key_do_not_start_more_escalations()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0), T0);
        policy.Raise(KillSwitch(T0.AddSeconds(30)), T0.AddSeconds(30));

        var repeats = policy.TickThrough(T0, T0.AddMinutes(5), TimeSpan.FromSeconds(30)).Where(d => d.IsEscalation).ToList();

        Assert.Equal(["telegram", "log"], repeats.Select(d => d.Channel));
    }

    [Fact]
    public void A_new_SEV1_right_after_an_acknowledgement_is_not_escalated_again()
    {
        var policy = TelegramFirst();
        policy.Raise(KillSwitch(T0), T0);
        policy.Acknowledge("kill-switch", T0.AddMinutes(1));
        policy.Tick(T0.AddMinutes(3));
        Assert.NotEmpty(policy.Raise(KillSwitch(T0.AddMinutes(4)), T0.AddMinutes(4)));

        Assert.Empty(policy.AwaitingAcknowledgement);
        Assert.DoesNotContain(policy.TickThrough(T0.AddMinutes(4), T0.AddMinutes(30), TimeSpan.FromMinutes(1)), d => d.IsEscalation);
    }

    [Fact]
    public void Escalations_ignore_quiet_hours_and_the_rate_limit()
    {
        var night = new DateTimeOffset(2026, 11, 19, 4, 0, 0, TimeSpan.Zero); // 23:00 New York
        var policy = Policy(WithChannels(
            new AlertChannelOptions("telegram", All) { QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)), Burst = 1, RatePerMinute = 1 }));
        policy.Raise(KillSwitch(night), night);
        for (var i = 0; i < 10; i++)
            policy.Raise(Make($"k{i}", Severity.Sev3, night), night);

        var repeat = policy.Tick(night.AddMinutes(5));

        Assert.Single(repeat, d => d.IsEscalation && d.Channel == "telegram");
    }
}
