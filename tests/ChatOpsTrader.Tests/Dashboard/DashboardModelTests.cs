using ChatOpsTrader.Core.Trading;
using ChatOpsTrader.Engine;
using ChatOpsTrader.Host.Web;
using ChatOpsTrader.Tests.Support;

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

public class DataFeedHealthTests
{
    // Tuesday 2026-11-17 15:00 UTC is 10:00 in New York: market open. Saturday is closed.
    private static readonly DateTimeOffset Open = new(2026, 11, 17, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Saturday = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Fresh_quotes_are_ok_a_traded_symbol_past_the_window_is_stale_and_no_broker_is_down()
    {
        await using var harness = await new EngineHarness().StartAsync();
        var options = harness.Options;
        Assert.True(options.Calendar.IsMarketOpen(Open));
        var window = options.DataFeedStaleAfter;
        var snapshot = harness.Engine.Snapshot with
        {
            BrokerConnected = true,
            Quotes = new Dictionary<string, ChatOpsTrader.Core.Market.Quote>
            {
                ["AAPL"] = new("AAPL", 190m, 190.02m, 190.01m, Open - window - TimeSpan.FromSeconds(5)),
                ["MSFT"] = new("MSFT", 410m, 410.02m, 410.01m, Open - TimeSpan.FromSeconds(1)),
            },
            Positions = [new ChatOpsTrader.Core.Portfolio.Position("MSFT", 2, 400m, 410m, 20m, Open.AddHours(-1))],
        };

        var ok = DataFeedHealth.From(snapshot, options, Open);
        Assert.Equal("ok", ok.Status);
        Assert.Equal(2, ok.Symbols);
        Assert.Equal(1, ok.NewestQuoteAgeSeconds);

        var stale = DataFeedHealth.From(snapshot with { Positions = [new ChatOpsTrader.Core.Portfolio.Position("AAPL", 1, 190m, 190m, 0m, Open.AddHours(-1))] }, options, Open);
        Assert.Equal("stale", stale.Status);
        Assert.Equal(["AAPL"], stale.StaleSymbols);
        Assert.Contains("AAPL", stale.Detail, StringComparison.Ordinal);

        Assert.Equal("down", DataFeedHealth.From(snapshot with { BrokerConnected = false }, options, Open).Status);
        Assert.Equal("down", DataFeedHealth.From(snapshot with { Quotes = new Dictionary<string, ChatOpsTrader.Core.Market.Quote>() }, options, Open).Status);
        Assert.Equal("closed", DataFeedHealth.From(snapshot, options, Saturday).Status);
    }
}
