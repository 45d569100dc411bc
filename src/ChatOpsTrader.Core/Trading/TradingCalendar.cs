namespace ChatOpsTrader.Core.Trading;

/// <summary>
/// Trading days in the exchange's time zone. A trading day starts at <see cref="DayStart"/> local time
/// (the daily reset), so 02:00 belongs to the previous day when the day starts at 04:00.
/// </summary>
public sealed class TradingCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>Creates a calendar.</summary>
    /// <param name="timeZone">The exchange time zone.</param>
    /// <param name="dayStart">Local time of the daily reset.</param>
    /// <param name="holidays">Days the market is closed besides weekends.</param>
    /// <param name="marketOpen">Regular session open (default 09:30).</param>
    /// <param name="marketClose">Regular session close (default 16:00).</param>
    /// <param name="alwaysOpen">Every day is a trading day and the market never closes (the simulator and drills).</param>
    public TradingCalendar(TimeZoneInfo timeZone, TimeOnly dayStart, IEnumerable<DateOnly>? holidays = null, TimeOnly? marketOpen = null, TimeOnly? marketClose = null, bool alwaysOpen = false)
    {
        AlwaysOpen = alwaysOpen;
        TimeZone = timeZone ?? throw new ArgumentNullException(nameof(timeZone));
        DayStart = dayStart;
        MarketOpen = marketOpen ?? new TimeOnly(9, 30);
        MarketClose = marketClose ?? new TimeOnly(16, 0);
        _holidays = holidays is null ? [] : [.. holidays];
    }

    /// <summary>The exchange time zone (default America/New_York).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Local time at which a trading day begins (the daily reset).</summary>
    public TimeOnly DayStart { get; }

    /// <summary>Regular session open, local time.</summary>
    public TimeOnly MarketOpen { get; }

    /// <summary>Regular session close, local time.</summary>
    public TimeOnly MarketClose { get; }

    /// <summary>True when every day is a trading day and the market never closes (simulator, drills).</summary>
    public bool AlwaysOpen { get; }

    /// <summary>The configured holidays.</summary>
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    /// <summary>Local exchange time of an instant.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    /// <summary>The trading day an instant belongs to.</summary>
    public DateOnly TradingDayOf(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var date = DateOnly.FromDateTime(local);
        return TimeOnly.FromDateTime(local) < DayStart ? date.AddDays(-1) : date;
    }

    /// <summary>The Monday of the trading week an instant belongs to.</summary>
    public DateOnly TradingWeekOf(DateTimeOffset instant)
    {
        var day = TradingDayOf(instant);
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-offset);
    }

    /// <summary>True on weekdays that are not configured holidays.</summary>
    public bool IsTradingDay(DateOnly day) => AlwaysOpen || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>True during the regular session of a trading day.</summary>
    public bool IsMarketOpen(DateTimeOffset instant)
    {
        if (AlwaysOpen)
            return true;
        var local = ToLocal(instant);
        var time = TimeOnly.FromDateTime(local);
        return IsTradingDay(DateOnly.FromDateTime(local)) && time >= MarketOpen && time < MarketClose;
    }

    /// <summary>The instant the trading day <paramref name="day"/> starts (its daily reset).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(DayStart, DateTimeKind.Unspecified);
        // An invalid local time (inside a DST gap) moves forward by the gap.
        while (TimeZone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        var offset = TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The first instant after <paramref name="instant"/> at which a new trading day starts.</summary>
    public DateTimeOffset NextDayStart(DateTimeOffset instant) => StartOf(TradingDayOf(instant).AddDays(1));

    /// <summary>A calendar for New York with the day starting at 04:00.</summary>
    public static TradingCalendar NewYork(TimeOnly? dayStart = null) =>
        new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), dayStart ?? new TimeOnly(4, 0));
}
