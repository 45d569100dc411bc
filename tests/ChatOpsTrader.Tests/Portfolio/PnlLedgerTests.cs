using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Portfolio;

public class PnlLedgerTests
{
    private static readonly TradingCalendar Calendar = TradingCalendar.NewYork();

    private static ClosedTrade Trade(DateTimeOffset closedAt, decimal pnl, string strategy = "alpha") =>
        new("AAPL", strategy, OrderSide.Buy, 1, 100m, 100m + pnl, pnl, closedAt.AddMinutes(-5), closedAt, $"x{closedAt.UtcTicks}");

    // New York trading days start at 04:00 local; in November that is 09:00 UTC.
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Trades_count_on_the_trading_day_of_their_close_across_the_daily_reset()
    {
        var ledger = new PnlLedger(Calendar);
        ledger.Record(Trade(Utc(11, 18, 8, 59), 100m));   // 03:59 New York: still Tuesday the 17th.
        ledger.Record(Trade(Utc(11, 18, 9, 0), -30m));    // 04:00 New York: Wednesday the 18th.
        ledger.Record(Trade(Utc(11, 18, 20, 0), -20m));

        Assert.Equal(100m, ledger.RealizedOn(new DateOnly(2026, 11, 17)));
        Assert.Equal(-50m, ledger.RealizedOn(new DateOnly(2026, 11, 18)));
        Assert.Equal(0m, ledger.RealizedOn(new DateOnly(2026, 11, 19)));
    }

    [Fact]
    public void Weeks_sum_their_trading_days_and_monday_before_the_reset_belongs_to_the_week_before()
    {
        var ledger = new PnlLedger(Calendar);
        ledger.Record(Trade(Utc(11, 16, 15), 10m));       // Monday 16th.
        ledger.Record(Trade(Utc(11, 20, 20), 5m));        // Friday 20th.
        ledger.Record(Trade(Utc(11, 23, 8), 1m));         // Monday 23rd 03:00 New York: trading day Sunday 22nd.
        ledger.Record(Trade(Utc(11, 23, 15), 100m));      // Monday 23rd.

        Assert.Equal(16m, ledger.RealizedInWeek(new DateOnly(2026, 11, 16)));
        Assert.Equal(100m, ledger.RealizedInWeek(new DateOnly(2026, 11, 23)));
        Assert.Equal(0m, ledger.RealizedInWeek(new DateOnly(2026, 11, 9)));
        Assert.Throws<ArgumentException>(() => ledger.RealizedInWeek(new DateOnly(2026, 11, 17)));
    }

    [Fact]
    public void Realized_pnl_is_kept_per_strategy_and_day()
    {
        var ledger = new PnlLedger(Calendar);
        var tuesday = new DateOnly(2026, 11, 17);
        ledger.Record(Trade(Utc(11, 17, 15), 40m, "alpha"));
        ledger.Record(Trade(Utc(11, 17, 16), -15m, "alpha"));
        ledger.Record(Trade(Utc(11, 17, 17), -60m, "beta"));
        ledger.Record(Trade(Utc(11, 18, 8), 7m, "beta"));       // 03:00 New York on the 18th: still the 17th.
        ledger.Record(Trade(Utc(11, 18, 15), 1000m, "beta"));   // The 18th.

        Assert.Equal(25m, ledger.RealizedOn(tuesday, "alpha"));
        Assert.Equal(-53m, ledger.RealizedOn(tuesday, "beta"));
        Assert.Equal(0m, ledger.RealizedOn(tuesday, "gamma"));
        Assert.Equal(-28m, ledger.RealizedOn(tuesday));

        var byStrategy = ledger.StrategyRealizedOn(tuesday);
        Assert.Equal(2, byStrategy.Count);
        Assert.Equal(25m, byStrategy["alpha"]);
        Assert.Equal(-53m, byStrategy["beta"]);
        Assert.Empty(ledger.StrategyRealizedOn(new DateOnly(2026, 11, 19)));

        // What was handed out is a copy: later trades do not change it.
        ledger.Record(Trade(Utc(11, 17, 18), 1m, "alpha"));
        Assert.Equal(25m, byStrategy["alpha"]);
        Assert.Equal(26m, ledger.RealizedOn(tuesday, "alpha"));
    }

    [Fact]
    public void Only_the_most_recent_trading_days_are_kept_and_weeks_stay_whole_while_any_of_their_days_is_kept()
    {
        var ledger = new PnlLedger(Calendar, retainedDays: 7);
        var days = new[] { 2, 3, 4, 5, 6, 9, 10, 11, 12, 13 };
        foreach (var day in days)
            ledger.Record(Trade(Utc(11, day, 15), day));

        Assert.Equal(0m, ledger.RealizedOn(new DateOnly(2026, 11, 2)));
        Assert.Equal(0m, ledger.RealizedOn(new DateOnly(2026, 11, 4)));
        Assert.Equal(5m, ledger.RealizedOn(new DateOnly(2026, 11, 5)));
        Assert.Equal(13m, ledger.RealizedOn(new DateOnly(2026, 11, 13)));
        Assert.Equal(2m + 3 + 4 + 5 + 6, ledger.RealizedInWeek(new DateOnly(2026, 11, 2)));

        foreach (var day in new[] { 16, 17, 18 })
            ledger.Record(Trade(Utc(11, day, 15), day));

        Assert.Equal(0m, ledger.RealizedOn(new DateOnly(2026, 11, 9)));
        Assert.Equal(10m, ledger.RealizedOn(new DateOnly(2026, 11, 10)));
        Assert.Equal(0m, ledger.RealizedInWeek(new DateOnly(2026, 11, 2)));
        Assert.Equal(9m + 10 + 11 + 12 + 13, ledger.RealizedInWeek(new DateOnly(2026, 11, 9)));
        Assert.Equal(16m + 17 + 18, ledger.RealizedInWeek(new DateOnly(2026, 11, 16)));
    }

    [Fact]
    public void A_late_trade_older_than_the_days_kept_is_not_resurrected()
    {
        var ledger = new PnlLedger(Calendar, retainedDays: 7);
        foreach (var day in new[] { 9, 10, 11, 12, 13, 16, 17 })
            ledger.Record(Trade(Utc(11, day, 15), 1m));

        ledger.Record(Trade(Utc(11, 2, 15), 500m));

        Assert.Equal(0m, ledger.RealizedOn(new DateOnly(2026, 11, 2)));
        Assert.Equal(0m, ledger.RealizedInWeek(new DateOnly(2026, 11, 2)));
        Assert.Equal(1m, ledger.RealizedOn(new DateOnly(2026, 11, 9)));
    }
}
