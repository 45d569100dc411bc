using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Tests.Core;

public class TradingCalendarTests
{
    private static readonly TradingCalendar Calendar = TradingCalendar.NewYork();

    [Fact]
    public void Trading_day_starts_at_the_daily_reset_in_exchange_time()
    {
        // 08:59 UTC = 03:59 New York (EST) on 2026-11-18 -> still the 17th.
        Assert.Equal(new DateOnly(2026, 11, 17), Calendar.TradingDayOf(new DateTimeOffset(2026, 11, 18, 8, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 18), Calendar.TradingDayOf(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Day_start_follows_daylight_saving_time()
    {
        // 2026-03-08 is the DST change in New York: 04:00 EDT is 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero), Calendar.StartOf(new DateOnly(2026, 3, 9)).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.Zero), Calendar.StartOf(new DateOnly(2026, 3, 6)).ToUniversalTime());
    }

    [Fact]
    public void Weekends_and_holidays_are_not_trading_days()
    {
        var calendar = new TradingCalendar(Calendar.TimeZone, new TimeOnly(4, 0), [new DateOnly(2026, 11, 26)]);
        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 11, 21)));
        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 11, 26)));
        Assert.True(calendar.IsTradingDay(new DateOnly(2026, 11, 27)));
        Assert.Equal(new DateOnly(2026, 11, 16), calendar.TradingWeekOf(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Market_hours_follow_the_configured_session_and_always_open_ignores_weekends_and_the_clock()
    {
        var custom = new TradingCalendar(Calendar.TimeZone, new TimeOnly(4, 0), marketOpen: new TimeOnly(8, 0), marketClose: new TimeOnly(12, 0));
        var friday0830 = new DateTimeOffset(2026, 11, 20, 13, 30, 0, TimeSpan.Zero); // 08:30 EST
        var friday1300 = new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero); // 13:00 EST
        Assert.True(custom.IsMarketOpen(friday0830));
        Assert.False(custom.IsMarketOpen(friday1300));

        var always = new TradingCalendar(Calendar.TimeZone, new TimeOnly(4, 0), [new DateOnly(2026, 11, 26)], alwaysOpen: true);
        var saturdayNight = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        Assert.True(always.IsMarketOpen(saturdayNight));
        Assert.True(always.IsTradingDay(new DateOnly(2026, 11, 21)));
        Assert.True(always.IsTradingDay(new DateOnly(2026, 11, 26)));
        Assert.False(Calendar.IsMarketOpen(saturdayNight));
    }
}
