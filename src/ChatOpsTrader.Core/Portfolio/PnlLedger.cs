using System.Collections.ObjectModel;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Core.Portfolio;

/// <summary>
/// Realized P&amp;L accumulated per trading day, per trading week and per strategy and day. A trade counts on
/// the trading day (and week) of its <see cref="ClosedTrade.ClosedAt"/> in the calendar's exchange time.
/// Owned by the engine loop; not thread-safe.
/// </summary>
/// <remarks>
/// Memory is bounded: only the most recent <see cref="RetainedDays"/> trading days that have trades are kept,
/// and the weeks from the oldest kept day's week on. Older days and weeks read as 0.
/// </remarks>
public sealed class PnlLedger
{
    /// <summary>Default number of trading days kept.</summary>
    public const int DefaultRetainedDays = 60;

    private readonly TradingCalendar _calendar;
    private readonly SortedDictionary<DateOnly, DayTotals> _days = [];
    private readonly Dictionary<DateOnly, decimal> _weeks = [];
    private readonly List<DateOnly> _weeksToDrop = [];

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="calendar">Decides the trading day and week of a trade.</param>
    /// <param name="retainedDays">How many trading days (with trades) to keep; at least 7.</param>
    public PnlLedger(TradingCalendar calendar, int retainedDays = DefaultRetainedDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedDays, 7);
        _calendar = calendar;
        RetainedDays = retainedDays;
    }

    /// <summary>How many trading days with trades are kept.</summary>
    public int RetainedDays { get; }

    /// <summary>Adds a closed trade's realized P&amp;L to its day, week and strategy.</summary>
    public void Record(ClosedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var day = _calendar.TradingDayOf(trade.ClosedAt);
        var week = _calendar.TradingWeekOf(trade.ClosedAt);

        if (!_days.TryGetValue(day, out var totals))
        {
            totals = new DayTotals();
            _days.Add(day, totals);
        }

        totals.Total += trade.RealizedPnl;
        totals.ByStrategy[trade.Strategy] = totals.ByStrategy.GetValueOrDefault(trade.Strategy) + trade.RealizedPnl;
        _weeks[week] = _weeks.GetValueOrDefault(week) + trade.RealizedPnl;
        Prune();
    }

    /// <summary>Realized P&amp;L of a trading day (0 when none, or older than the days kept).</summary>
    public decimal RealizedOn(DateOnly tradingDay) => _days.TryGetValue(tradingDay, out var totals) ? totals.Total : 0m;

    /// <summary>Realized P&amp;L of the trading week starting on <paramref name="weekMonday"/>.</summary>
    /// <exception cref="ArgumentException">The date is not a Monday.</exception>
    public decimal RealizedInWeek(DateOnly weekMonday)
    {
        if (weekMonday.DayOfWeek != DayOfWeek.Monday)
            throw new ArgumentException($"{weekMonday:yyyy-MM-dd} is a {weekMonday.DayOfWeek}; weeks are keyed by their Monday.", nameof(weekMonday));
        return _weeks.GetValueOrDefault(weekMonday);
    }

    /// <summary>Realized P&amp;L of one strategy on a trading day.</summary>
    public decimal RealizedOn(DateOnly tradingDay, string strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return _days.TryGetValue(tradingDay, out var totals) ? totals.ByStrategy.GetValueOrDefault(strategy) : 0m;
    }

    /// <summary>Realized P&amp;L per strategy on a trading day (a copy; empty when none).</summary>
    public IReadOnlyDictionary<string, decimal> StrategyRealizedOn(DateOnly tradingDay) =>
        _days.TryGetValue(tradingDay, out var totals)
            ? new Dictionary<string, decimal>(totals.ByStrategy, StringComparer.Ordinal)
            : ReadOnlyDictionary<string, decimal>.Empty;

    private void Prune()
    {
        while (_days.Count > RetainedDays)
        {
            using var first = _days.Keys.GetEnumerator();
            first.MoveNext();
            _days.Remove(first.Current);
        }

        if (_days.Count == 0)
            return;

        using var oldest = _days.Keys.GetEnumerator();
        oldest.MoveNext();
        var oldestWeek = oldest.Current.AddDays(-(((int)oldest.Current.DayOfWeek + 6) % 7));
        foreach (var week in _weeks.Keys)
        {
            if (week < oldestWeek)
                _weeksToDrop.Add(week);
        }

        foreach (var week in _weeksToDrop)
            _weeks.Remove(week);
        _weeksToDrop.Clear();
    }

    private sealed class DayTotals
    {
        public decimal Total { get; set; }

        public Dictionary<string, decimal> ByStrategy { get; } = new(StringComparer.Ordinal);
    }
}
