using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Portfolio;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    /// <summary>Filters for <c>/trades</c> and <c>GET /api/trades</c>.</summary>
    public async Task<IReadOnlyList<ClosedTrade>> QueryTradesAsync(string? filter, CancellationToken cancellationToken)
    {
        var calendar = _engine.Options.Calendar;
        var dayStart = calendar.StartOf(_engine.Snapshot.TradingDay);
        switch (filter?.ToLowerInvariant())
        {
            case null or "":
                return await _journal.GetClosedTradesAsync(DateTimeOffset.MinValue, 10, cancellationToken);
            case "today":
                return await _journal.GetClosedTradesAsync(dayStart, 500, cancellationToken);
            case "losers":
                return [.. (await _journal.GetClosedTradesAsync(dayStart, 5000, cancellationToken)).Where(t => t.RealizedPnl < 0).OrderBy(t => t.RealizedPnl)];
            case "winners":
                return [.. (await _journal.GetClosedTradesAsync(dayStart, 5000, cancellationToken)).Where(t => t.RealizedPnl > 0).OrderByDescending(t => t.RealizedPnl)];
            default:
                if (int.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 500)
                    return await _journal.GetClosedTradesAsync(DateTimeOffset.MinValue, n, cancellationToken);
                throw new ArgumentException($"'{filter}' is not a filter: use losers, winners, today, or a number from 1 to 500.");
        }
    }

    private async Task<Reply> TradesAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var filter = request.Command.Arguments.Count > 0 ? request.Command.Arguments[0] : null;
        if (request.Command.Arguments.Count > 1)
            throw new ArgumentException("/trades takes at most one argument.");
        var trades = await QueryTradesAsync(filter, cancellationToken);
        var shown = trades.Take(25).ToList();
        var rows = shown.Select(t => (IReadOnlyList<string>)[
            t.ClosedAt.ToUniversalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture),
            t.Symbol,
            (t.Side == Core.Orders.OrderSide.Buy ? "L " : "S ") + Fmt.Qty(t.Quantity),
            Fmt.Price(t.EntryPrice),
            Fmt.Price(t.ExitPrice),
            Fmt.SignedMoney(t.RealizedPnl),
            t.Strategy,
        ]).ToList();
        var title = filter?.ToLowerInvariant() switch
        {
            "losers" => $"Today's losing trades, worst first ({trades.Count})",
            "winners" => $"Today's winning trades, best first ({trades.Count})",
            "today" => $"Today's trades ({trades.Count})",
            _ => $"Last {shown.Count} closed trades",
        };
        var lines = new List<string> { $"Total realized: {Fmt.SignedMoney(trades.Sum(t => t.RealizedPnl))}" };
        if (trades.Count > shown.Count)
            lines.Add($"Showing {shown.Count} of {trades.Count}.");
        return new Reply { Title = title, Lines = lines, Tables = [new ReplyTable(null, ["Closed (UTC)", "Symbol", "Qty", "Entry", "Exit", "P&L", "Strategy"], rows)] };
    }

    private async Task<Reply> PnlAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var period = request.Command.Arguments.Count > 0 ? request.Command.Arguments[0].ToLowerInvariant() : "day";
        var s = _engine.Snapshot;
        var calendar = _engine.Options.Calendar;
        var lines = new List<string>();
        switch (period)
        {
            case "day":
                lines.Add($"Trading day {s.TradingDay:yyyy-MM-dd}: {Fmt.SignedMoney(s.RealizedToday + s.Unrealized)} (realized {Fmt.SignedMoney(s.RealizedToday)}, unrealized {Fmt.SignedMoney(s.Unrealized)})");
                if (s.EquityCurve.Count > 1)
                    lines.Add($"Today: {Sparkline(s.EquityCurve.Select(p => p.Pnl).ToList())}");
                break;
            case "week":
                lines.Add($"Week: {Fmt.SignedMoney(s.RealizedWeek + s.Unrealized)} (realized {Fmt.SignedMoney(s.RealizedWeek)}, unrealized {Fmt.SignedMoney(s.Unrealized)})");
                break;
            case "month":
                var local = calendar.ToLocal(s.Time);
                var monthStart = calendar.StartOf(new DateOnly(local.Year, local.Month, 1));
                var trades = await _journal.GetClosedTradesAsync(monthStart, 100_000, cancellationToken);
                var byDay = trades.GroupBy(t => calendar.TradingDayOf(t.ClosedAt)).OrderBy(g => g.Key).Select(g => g.Sum(t => t.RealizedPnl)).ToList();
                var running = new List<decimal>();
                decimal total = 0;
                foreach (var d in byDay)
                {
                    total += d;
                    running.Add(total);
                }
                lines.Add($"Month to date: realized {Fmt.SignedMoney(total)} over {byDay.Count} trading day(s); unrealized now {Fmt.SignedMoney(s.Unrealized)}");
                if (running.Count > 1)
                    lines.Add($"By day: {Sparkline(running)}");
                break;
            default:
                throw new ArgumentException($"'{period}' is not a period: use day, week or month.");
        }
        return new Reply { Title = $"P&L ({period})", Lines = lines };
    }

    /// <summary>A tiny text chart for chat transports.</summary>
    internal static string Sparkline(IReadOnlyList<decimal> values)
    {
        const string bars = "▁▂▃▄▅▆▇█";
        if (values.Count == 0)
            return string.Empty;
        var step = Math.Max(1, values.Count / 40);
        var sampled = values.Where((_, i) => i % step == 0).ToList();
        var min = sampled.Min();
        var max = sampled.Max();
        var sb = new StringBuilder();
        foreach (var v in sampled)
            sb.Append(max == min ? bars[3] : bars[(int)Math.Round((v - min) / (max - min) * (bars.Length - 1))]);
        return sb.ToString();
    }

    private async Task<Reply> AuditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var n = 20;
        if (request.Command.Arguments.Count > 0 && (!int.TryParse(request.Command.Arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 200))
            throw new ArgumentException("N must be a number from 1 to 200.");
        var entries = await _journal.GetAuditAsync(n, cancellationToken);
        var rows = entries.Select(e => (IReadOnlyList<string>)[
            e.Time.ToUniversalTime().ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            $"{e.Transport}:{e.UserId}",
            e.Role,
            $"{e.Command} {e.Arguments}".Trim(),
            e.Outcome,
            e.Detail,
        ]).ToList();
        return new Reply { Title = $"Audit (last {rows.Count})", Tables = [new ReplyTable(null, ["Time (UTC)", "Who", "Role", "Command", "Outcome", "Detail"], rows)] };
    }
}
