using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Web;

namespace ChatOpsTrader.Tests.Dashboard;

public class DashboardModelTests
{
    [Theory]
    [InlineData(TradingState.Active, "ok")]
    [InlineData(TradingState.Reducing, "warn")]
    [InlineData(TradingState.Restricted, "warn")]
    [InlineData(TradingState.Cautious, "warn")]
    [InlineData(TradingState.Halted, "danger")]
    public void Each_state_has_its_colour(TradingState state, string tone) => Assert.Equal(tone, DashboardOverview.ToneOf(state));

    [Fact]
    public void A_long_curve_is_thinned_evenly_keeping_the_first_and_last_points()
    {
        var start = new DateTimeOffset(2026, 11, 20, 14, 30, 0, TimeSpan.Zero);
        var points = Enumerable.Range(0, 5000).Select(i => new EquityPoint(start.AddSeconds(10 * i), i)).ToList();
        var thin = EquityCurve.Thin(points, 600);
        Assert.Equal(600, thin.Count);
        Assert.Equal(points[0], thin[0]);
        Assert.Equal(points[^1], thin[^1]);
        Assert.True(thin.Zip(thin.Skip(1)).All(p => p.First.Time < p.Second.Time));
        Assert.Same(points, EquityCurve.Thin(points, 5000));
        Assert.Throws<ArgumentOutOfRangeException>(() => EquityCurve.Thin(points, 1));
    }
}
