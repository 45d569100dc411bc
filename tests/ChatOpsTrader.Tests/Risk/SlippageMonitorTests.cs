using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Tests.Risk;

public class SlippageMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(OrderSide.Buy, 100, 100.5, 50)]
    [InlineData(OrderSide.Buy, 100, 99.9, -10)]
    [InlineData(OrderSide.Sell, 100, 99.2, 80)]
    [InlineData(OrderSide.Sell, 200, 200.1, -5)]
    public void Slippage_is_positive_when_the_fill_is_worse_than_expected(OrderSide side, double benchmark, double price, double bps) =>
        Assert.Equal((decimal)bps, SlippageMonitor.Bps(side, (decimal)benchmark, (decimal)price));

    [Fact]
    public void Fills_are_aggregated_per_symbol_and_an_over_limit_symbol_alerts_at_most_once_per_interval()
    {
        var monitor = new SlippageMonitor(50m);
        var fine = monitor.Record("AAPL", OrderSide.Buy, 10, 100m, 100.2m, T0);
        Assert.False(fine.Alert);

        var bad = monitor.Record("AAPL", OrderSide.Buy, 10, 100m, 101m, T0.AddMinutes(1));
        Assert.True(bad.Alert);
        Assert.Equal(100m, bad.Fill.Bps);
        Assert.Equal(new SlippageStats("AAPL", 2, 1, 60m, 100m, 12m), bad.Symbol);
        Assert.Contains("100 bps (limit 50 bps)", bad.Describe(50m), StringComparison.Ordinal);
        Assert.Contains("2 fill(s), 1 over the limit, average 60 bps", bad.Describe(50m), StringComparison.Ordinal);

        // Another symbol alerts on its own; the same symbol waits for the interval but keeps counting.
        Assert.True(monitor.Record("MSFT", OrderSide.Sell, 1, 400m, 396m, T0.AddMinutes(2)).Alert);
        var again = monitor.Record("AAPL", OrderSide.Buy, 10, 100m, 101m, T0.AddMinutes(10));
        Assert.False(again.Alert);
        Assert.Equal(2, again.Symbol.OverLimit);
        Assert.True(monitor.Record("AAPL", OrderSide.Buy, 10, 100m, 101m, T0.AddMinutes(31)).Alert);

        monitor.ResetDay();
        Assert.Null(monitor.StatsOf("AAPL"));
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlippageMonitor(0m));
        var monitor = new SlippageMonitor(50m);
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Record("AAPL", OrderSide.Buy, 0, 100m, 100m, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Record("AAPL", OrderSide.Buy, 1, 0m, 100m, T0));
        Assert.Null(monitor.StatsOf("AAPL"));
    }
}
