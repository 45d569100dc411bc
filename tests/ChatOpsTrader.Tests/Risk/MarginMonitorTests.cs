using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Tests.Risk;

public class MarginMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    /// <summary>Account values with the given cushion on a 100,000 account.</summary>
    private static AccountValuesReceived Cushion(decimal percent) => new(T0, 100_000m, percent * 1_000m, 100_000m - (percent * 1_000m));

    [Fact]
    public void The_cushion_is_excess_liquidity_over_net_liquidation_as_TWS_reports_it()
    {
        Assert.Equal(0.08m, new AccountValuesReceived(T0, 50_000m, 4_000m, 46_000m).Cushion);
        Assert.Null(new AccountValuesReceived(T0, 0m, -10m, 10m).Cushion);
    }

    [Fact]
    public void Each_crossing_down_is_reported_once_and_a_hovering_cushion_does_not_repeat_it()
    {
        var monitor = new MarginMonitor(new MarginThresholds());
        Assert.Null(monitor.Evaluate(Cushion(30)));

        var low = monitor.Evaluate(Cushion(9.9m));
        Assert.NotNull(low);
        Assert.Equal((MarginLevel.Ok, MarginLevel.Low, true), (low.Previous, low.Current, low.IsWorse));
        Assert.Contains("Margin cushion 9.9%", low.Describe(), StringComparison.Ordinal);
        Assert.Contains("warning below 10.0%", low.Describe(), StringComparison.Ordinal);

        // Hovering around 10%: within the hysteresis nothing is reported again.
        Assert.Null(monitor.Evaluate(Cushion(10.5m)));
        Assert.Null(monitor.Evaluate(Cushion(9.5m)));
        Assert.Null(monitor.Evaluate(Cushion(11.9m)));
        Assert.Equal(MarginLevel.Low, monitor.Level);

        var critical = monitor.Evaluate(Cushion(4.9m));
        Assert.Equal(MarginLevel.Critical, critical!.Current);
        Assert.Null(monitor.Evaluate(Cushion(5.5m)));
        Assert.Null(monitor.Evaluate(Cushion(3m)));

        var better = monitor.Evaluate(Cushion(7m));
        Assert.Equal((MarginLevel.Critical, MarginLevel.Low, false), (better!.Previous, better.Current, better.IsWorse));
        var ok = monitor.Evaluate(Cushion(12m));
        Assert.Equal(MarginLevel.Ok, ok!.Current);
        Assert.Null(monitor.Evaluate(Cushion(10m)));
    }

    [Fact]
    public void A_jump_straight_to_critical_or_a_deficit_is_critical_and_a_full_recovery_goes_straight_to_ok()
    {
        var monitor = new MarginMonitor(new MarginThresholds());
        Assert.Equal(MarginLevel.Critical, monitor.Evaluate(new AccountValuesReceived(T0, 20_000m, -500m, 20_500m))!.Current);
        Assert.Equal(MarginLevel.Ok, monitor.Evaluate(Cushion(40))!.Current);
        Assert.Equal(MarginLevel.Critical, monitor.Evaluate(new AccountValuesReceived(T0, -100m, -100m, 0m))!.Current);
    }

    [Fact]
    public void A_monitor_restarted_while_closing_only_for_margin_starts_critical()
    {
        var monitor = new MarginMonitor(new MarginThresholds(), MarginLevel.Critical);
        Assert.Null(monitor.Evaluate(Cushion(4)));
        Assert.Equal(MarginLevel.Ok, monitor.Evaluate(Cushion(20))!.Current);
    }

    [Theory]
    [InlineData(0, 0.05, 0.02, "warning cushion")]
    [InlineData(0.10, 0.10, 0.02, "critical cushion")]
    [InlineData(0.10, -0.01, 0.02, "critical cushion")]
    [InlineData(0.10, 0.05, 0.6, "hysteresis")]
    public void Levels_that_make_no_sense_are_refused_with_the_reason(double warn, double critical, double hysteresis, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MarginMonitor(new MarginThresholds((decimal)warn, (decimal)critical, (decimal)hysteresis)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
