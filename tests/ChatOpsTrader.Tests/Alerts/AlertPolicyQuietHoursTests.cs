using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyQuietHoursTests
{
    // 23:00 New York on Wednesday 2026-11-18 is 04:00 UTC on the 19th; quiet hours end at 07:00 New York (12:00 UTC).
    private static readonly DateTimeOffset Night = new(2026, 11, 19, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Morning = new(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);

    private static AlertPolicy QuietTelegram() => Policy(WithChannels(
        new AlertChannelOptions("telegram", Severity.Sev1, Severity.Sev2, Severity.Sev3) { QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)) },
        new AlertChannelOptions("discord", Severity.Sev1, Severity.Sev2, Severity.Sev3),
        new AlertChannelOptions("log", All)));

    [Fact]
    public void During_quiet_hours_a_channel_gets_SEV1_but_not_the_rest()
    {
        var policy = QuietTelegram();

        var sev2 = policy.Raise(Make("broker-connection", Severity.Sev2, Night), Night);
        var sev1 = policy.Raise(KillSwitch(Night.AddMinutes(1)), Night.AddMinutes(1));

        Assert.Equal(["discord", "log"], sev2.Select(d => d.Channel));
        Assert.Equal(["telegram", "discord", "log"], sev1.Select(d => d.Channel));
        Assert.Equal(1, policy.HeldCount("telegram"));
    }

    [Fact]
    public void Held_alerts_go_out_as_one_digest_when_quiet_hours_end()
    {
        var policy = QuietTelegram();
        var overnight = new List<AlertDispatch>();
        overnight.AddRange(policy.Raise(Make("broker-connection", Severity.Sev2, Night, "Broker connection lost"), Night));
        for (var i = 0; i < 5; i++)
            overnight.AddRange(policy.Raise(Rejection("AAPL", Night.AddMinutes(10 + i)), Night.AddMinutes(10 + i)));
        overnight.AddRange(policy.Raise(Rejection("MSFT", Night.AddMinutes(30), "market closed"), Night.AddMinutes(30)));
        overnight.AddRange(policy.TickThrough(Night, Morning.AddSeconds(-1), TimeSpan.FromMinutes(1)));
        Assert.Empty(overnight.On("telegram"));
        Assert.Equal(7, overnight.On("discord").Total());
        Assert.Equal(7, policy.HeldCount("telegram"));

        var released = policy.Tick(Morning).On("telegram");

        var digest = Assert.Single(released);
        Assert.Equal(DispatchReason.Released, digest.Reason);
        Assert.Equal(7, digest.AggregatedCount);
        Assert.Equal("7 alerts of 3 kinds held during quiet hours", digest.Alert.Title);
        Assert.Equal(Severity.Sev2, digest.Alert.Severity);
        Assert.Contains("SEV2 1 broker connection alert, last at 23:00:00: Broker connection lost", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Contains("SEV3 5 rejections for AAPL", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Contains("SEV3 1 rejection for MSFT, last at 23:30:00", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Contains("market closed", digest.Alert.Text, StringComparison.Ordinal);
        Assert.Equal(0, policy.HeldCount("telegram"));
    }

    [Fact]
    public void One_held_key_is_released_as_its_own_aggregate()
    {
        var policy = QuietTelegram();
        for (var i = 0; i < 4; i++)
            policy.Raise(Rejection("AAPL", Night.AddSeconds(i)), Night.AddSeconds(i));
        policy.TickThrough(Night, Morning.AddMinutes(-1), TimeSpan.FromMinutes(1));

        var released = Assert.Single(policy.Tick(Morning).On("telegram"));

        Assert.Equal(4, released.AggregatedCount);
        Assert.Equal("4 rejections for AAPL in 3 s", released.Alert.Title);
    }

    [Fact]
    public void A_single_held_alert_is_released_as_it_was()
    {
        var policy = QuietTelegram();
        var alert = Rejection("AAPL", Night);
        policy.Raise(alert, Night);

        var released = Assert.Single(policy.Tick(Morning).On("telegram"));

        Assert.Same(alert, released.Alert);
        Assert.Equal(DispatchReason.Released, released.Reason);
    }

    [Fact]
    public void Quiet_hours_are_read_in_exchange_time()
    {
        var policy = QuietTelegram();
        // 21:59 New York (02:59 UTC) is not quiet yet; 22:00 is.
        var before = new DateTimeOffset(2026, 11, 19, 2, 59, 0, TimeSpan.Zero);
        Assert.Contains(policy.Raise(Make("a", Severity.Sev3, before), before), d => d.Channel == "telegram");
        Assert.DoesNotContain(policy.Raise(Make("b", Severity.Sev3, before.AddMinutes(1)), before.AddMinutes(1)), d => d.Channel == "telegram");
    }

    [Theory]
    [InlineData(22, 0, 7, 0, 23, 30, true)]
    [InlineData(22, 0, 7, 0, 6, 59, true)]
    [InlineData(22, 0, 7, 0, 7, 0, false)]
    [InlineData(22, 0, 7, 0, 21, 59, false)]
    [InlineData(12, 0, 13, 0, 12, 30, true)]
    [InlineData(12, 0, 13, 0, 13, 0, false)]
    public void Quiet_hours_may_wrap_midnight(int sh, int sm, int eh, int em, int h, int m, bool quiet) =>
        Assert.Equal(quiet, new QuietHours(new TimeOnly(sh, sm), new TimeOnly(eh, em)).Contains(new TimeOnly(h, m)));
}
