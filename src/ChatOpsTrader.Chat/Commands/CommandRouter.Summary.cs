using System.Globalization;
using ChatOpsTrader.Core.Incidents;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    private Task<Reply> SummaryAsync(CommandRequest request, CancellationToken cancellationToken) => BuildDailySummaryAsync(cancellationToken);

    /// <summary>
    /// The daily summary: P&amp;L of the day and week against the limits, trades with the worst losers and best winners,
    /// incidents opened and closed, limits used, the trading state, and how long the bot has been alive.
    /// </summary>
    public async Task<Reply> BuildDailySummaryAsync(CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var l = _engine.Limits;
        var calendar = _engine.Options.Calendar;
        var dayStart = calendar.StartOf(s.TradingDay);
        var trades = await _journal.GetClosedTradesAsync(dayStart, 100_000, cancellationToken);
        var day = s.RealizedToday + s.Unrealized;
        var week = s.RealizedWeek + s.Unrealized;
        var winners = trades.Count(t => t.RealizedPnl > 0);
        var losers = trades.Count(t => t.RealizedPnl < 0);
        var opened = s.Incidents.Where(i => i.OpenedAt >= dayStart).ToList();
        var closed = s.Incidents.Where(i => i.ResolvedAt >= dayStart).ToList();
        var stillOpen = s.Incidents.Where(i => !i.IsResolved).ToList();

        string Used(decimal pnl, decimal limit) => pnl >= 0 ? "0%" : Fmt.Percent(Math.Min(9.99m, -pnl / limit));
        var lines = new List<string>
        {
            $"Trading day {s.TradingDay:yyyy-MM-dd}. State: {s.Status.State} ({s.Status.Reason}, by {s.Status.Actor}).",
            $"P&L today {Fmt.SignedMoney(day)} (realized {Fmt.SignedMoney(s.RealizedToday)}, unrealized {Fmt.SignedMoney(s.Unrealized)}): {Used(day, l.DailyLossLimit)} of the {Fmt.Money(l.DailyLossLimit)} daily limit.",
            $"P&L week {Fmt.SignedMoney(week)}: {Used(week, l.WeeklyLossLimit)} of the {Fmt.Money(l.WeeklyLossLimit)} weekly limit. Drawdown {Fmt.Money(s.Drawdown)} of {Fmt.Money(l.MaxDrawdown)}.",
            $"Trades closed: {trades.Count} ({winners} winners, {losers} losers). Orders sent: {s.OrdersToday}/{l.MaxOrdersPerDay}. Open positions: {s.Positions.Count(p => p.Quantity != 0)}.",
            $"Incidents: {opened.Count} opened, {closed.Count} resolved today, {stillOpen.Count} still open" + (stillOpen.Count > 0 ? $" ({string.Join(", ", stillOpen.Take(5).Select(i => $"{i.Id} {i.Severity.ToString().ToUpperInvariant()} {i.Title}"))})." : "."),
            $"Alive since {Fmt.Time(s.StartedAt)} ({Fmt.Ago(s.StartedAt, s.Time).Replace(" ago", string.Empty, StringComparison.Ordinal)}).",
        };
        IReadOnlyList<string> Row(Core.Portfolio.ClosedTrade t) =>
            [t.Symbol, Fmt.Qty(t.Quantity), Fmt.SignedMoney(t.RealizedPnl), t.Strategy, t.ClosedAt.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture)];
        var worst = trades.Where(t => t.RealizedPnl < 0).OrderBy(t => t.RealizedPnl).Take(3).Select(Row).ToList();
        var best = trades.Where(t => t.RealizedPnl > 0).OrderByDescending(t => t.RealizedPnl).Take(3).Select(Row).ToList();
        string[] headers = ["Symbol", "Qty", "P&L", "Strategy", "Closed (UTC)"];
        return new Reply
        {
            Title = $"Daily summary {s.TradingDay:yyyy-MM-dd}: {Fmt.SignedMoney(day)}",
            Severity = s.Status.State == Core.Trading.TradingState.Halted || stillOpen.Any(i => i.Severity == Core.Alerts.Severity.Sev1) ? ReplySeverity.Warning : ReplySeverity.Info,
            Lines = lines,
            Tables = [new ReplyTable("Worst losers", headers, worst), new ReplyTable("Best winners", headers, best)],
        };
    }
}
