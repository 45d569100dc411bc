using ChatOpsTrader.Core.Alerts;
using static ChatOpsTrader.Tests.Alerts.AlertTestData;

namespace ChatOpsTrader.Tests.Alerts;

public class AlertPolicyRoutingTests
{
    [Theory]
    [InlineData(Severity.Sev1, new[] { "telegram", "discord", "log" })]
    [InlineData(Severity.Sev2, new[] { "telegram", "discord", "log" })]
    [InlineData(Severity.Sev3, new[] { "telegram", "discord", "log" })]
    [InlineData(Severity.Sev4, new[] { "log" })]
    public void By_default_every_channel_gets_SEV1_to_SEV3_and_only_the_log_gets_SEV4(Severity severity, string[] channels)
    {
        var sent = Policy().Raise(Make("any", severity, T0), T0);
        Assert.Equal(channels, sent.Select(d => d.Channel));
    }

    [Fact]
    public void A_configured_routing_table_is_followed()
    {
        var policy = Policy(WithChannels(
            new AlertChannelOptions("telegram", Severity.Sev1, Severity.Sev2),
            new AlertChannelOptions("discord", Severity.Sev3),
            new AlertChannelOptions("log", All)));

        Assert.Equal(["telegram", "log"], policy.Raise(Make("a", Severity.Sev1, T0), T0).Select(d => d.Channel));
        Assert.Equal(["telegram", "log"], policy.Raise(Make("b", Severity.Sev2, T0), T0).Select(d => d.Channel));
        Assert.Equal(["discord", "log"], policy.Raise(Make("c", Severity.Sev3, T0), T0).Select(d => d.Channel));
        Assert.Equal(["log"], policy.Raise(Make("d", Severity.Sev4, T0), T0).Select(d => d.Channel));
    }

    [Fact]
    public void A_severity_no_channel_gets_is_refused_so_nothing_can_be_lost()
    {
        var options = WithChannels(new AlertChannelOptions("telegram", Severity.Sev1, Severity.Sev2, Severity.Sev3));
        var error = Assert.Throws<ArgumentException>(() => Policy(options));
        Assert.Contains("SEV4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_setting()
    {
        var twice = WithChannels(new AlertChannelOptions("telegram", All), new AlertChannelOptions("telegram", All));
        Assert.Contains("'telegram' is configured twice", twice.Validate(), StringComparison.Ordinal);
        Assert.Contains("DedupWindow", (AlertPolicyOptions.Default with { DedupWindow = TimeSpan.Zero }).Validate(), StringComparison.Ordinal);
        Assert.Contains("FailuresBeforeDown", (AlertPolicyOptions.Default with { FailuresBeforeDown = 0 }).Validate(), StringComparison.Ordinal);
        Assert.Contains("Burst", WithChannels(new AlertChannelOptions("log", All) { Burst = 0 }).Validate(), StringComparison.Ordinal);
        Assert.Contains("QuietHours", WithChannels(new AlertChannelOptions("log", All) { QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(22, 0)) }).Validate(), StringComparison.Ordinal);
        Assert.Null(AlertPolicyOptions.Default.Validate());
    }

    [Fact]
    public void An_unknown_channel_is_refused()
    {
        var policy = Policy();
        Assert.Throws<ArgumentException>(() => policy.ReportSuccess("slack", T0));
        Assert.Throws<ArgumentException>(() => policy.IsDown("slack"));
    }
}
