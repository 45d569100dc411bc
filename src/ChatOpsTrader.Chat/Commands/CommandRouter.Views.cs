using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Chat.Commands;

public sealed partial class CommandRouter
{
    private Task<Reply> StatusAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var limits = _engine.Limits;
        var dayPnl = s.RealizedToday + s.Unrealized;
        var weekPnl = s.RealizedWeek + s.Unrealized;
        var severity = s.Status.State switch
        {
            TradingState.Active => ReplySeverity.Success,
            TradingState.Halted => ReplySeverity.Danger,
            _ => ReplySeverity.Warning,
        };
        var lines = new List<string>
        {
            $"State: {s.Status.State} since {Fmt.Time(s.Status.Since)} ({Fmt.Ago(s.Status.Since, s.Time)})",
            $"Why: {s.Status.Reason} (by {s.Status.Actor})",
            $"Broker: {(s.BrokerConnected ? "connected" : "DISCONNECTED")} ({s.BrokerDetail})",
            $"Margin: {MarginLine(_engine.AccountValues, _engine.Options.Margin, _time.GetUtcNow())}",
            $"Data feed: {FeedHealth(s)}",
            $"P&L today: {Fmt.SignedMoney(dayPnl)} (realized {Fmt.SignedMoney(s.RealizedToday)}, unrealized {Fmt.SignedMoney(s.Unrealized)}); daily limit {Fmt.Money(limits.DailyLossLimit)}, headroom {Fmt.Money(limits.DailyLossLimit + Math.Min(0, dayPnl))}",
            $"P&L week: {Fmt.SignedMoney(weekPnl)}; weekly limit {Fmt.Money(limits.WeeklyLossLimit)}, headroom {Fmt.Money(limits.WeeklyLossLimit + Math.Min(0, weekPnl))}",
            $"Drawdown: {Fmt.Money(s.Drawdown)} from high-water mark (breaker at {Fmt.Money(limits.MaxDrawdown)})",
            $"Open positions: {s.Positions.Count(p => p.Quantity != 0)}; working orders: {s.Orders.Count}; orders today: {s.OrdersToday}/{limits.MaxOrdersPerDay}",
            $"Last reconciliation: {(s.LastReconciliation is { } r ? $"{Fmt.Ago(r.Time, s.Time)}: {r.Summary()}" : "not yet")}",
        };
        if (s.PausedStrategies.Count > 0)
            lines.Add($"Paused strategies: {string.Join(", ", s.PausedStrategies)}");
        if (s.RecentRejections.Count > 0)
        {
            var last = s.RecentRejections[0];
            lines.Add($"Last rejection: {Fmt.Ago(last.Time, s.Time)} {last.Symbol} ({last.Strategy}): {last.Message}");
        }
        lines.Add($"Alive since {Fmt.Time(s.StartedAt)}");
        return Task.FromResult(new Reply { Title = $"ChatOpsTrader: {s.Status.State}", Severity = severity, Lines = lines });
    }

    /// <summary>The broker's latest account values: the cushion against the levels that warn and go closing-only.</summary>
    private static string MarginLine(AccountValuesReceived? values, MarginThresholds? thresholds, DateTimeOffset now)
    {
        if (values is null)
            return "not reported by the broker yet";
        var cushion = values.Cushion is { } c ? "cushion " + MarginChange.Percent(c) : "NO CUSHION (net liquidation is not positive)";
        var levels = thresholds is { } t
            ? $"; warning below {MarginChange.Percent(t.WarnCushion)}, closing-only below {MarginChange.Percent(t.CriticalCushion)}"
            : "; margin watch off";
        return $"{cushion} (excess liquidity {Fmt.Money(values.ExcessLiquidity)} of net liquidation {Fmt.Money(values.NetLiquidation)}, maintenance {Fmt.Money(values.MaintenanceMargin)}; {Fmt.Ago(values.Time, now)}){levels}";
    }

    private string FeedHealth(Engine.EngineSnapshot s)
    {
        if (s.Quotes.Count == 0)
            return "no quotes yet";
        var oldest = s.Quotes.Values.Min(q => q.Time);
        var age = s.Time - oldest;
        return age > _engine.Limits.QuoteMaxAge
            ? $"STALE: oldest quote {Fmt.Ago(oldest, s.Time)} (limit {(int)_engine.Limits.QuoteMaxAge.TotalSeconds} s)"
            : $"ok, {s.Quotes.Count} symbols, oldest quote {Fmt.Ago(oldest, s.Time)}";
    }

    private async Task<Reply> PositionsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var comparison = await ComparePositionsAsync(cancellationToken);
        var rows = comparison.Lines.Select(l => (IReadOnlyList<string>)[
            l.Symbol,
            l.BrokerQuantity is { } q ? Fmt.Qty(q) : "?",
            Fmt.Qty(l.OurQuantity) + (l.Mismatch ? " !" : string.Empty),
            Fmt.Price(l.BrokerAverageCost ?? l.Ours?.AverageCost),
            Fmt.Price(l.Ours?.Mark),
            l.Ours is null ? "-" : Fmt.SignedMoney(l.Ours.UnrealizedPnl),
            l.Protected ? "yes" : "NO",
        ]).ToList();
        var mismatches = comparison.Lines.Count(l => l.Mismatch);
        var lines = new List<string>();
        if (comparison.BrokerError is not null)
            lines.Add($"Broker unavailable ({comparison.BrokerError}): showing our journal only.");
        if (mismatches > 0)
            lines.Add($"{mismatches} mismatch(es) between broker and journal (marked !). Broker is truth: run /reconcile.");
        return new Reply
        {
            Title = $"Positions ({rows.Count})",
            Severity = mismatches > 0 || comparison.BrokerError is not null ? ReplySeverity.Warning : ReplySeverity.Info,
            Lines = lines,
            Tables = [new ReplyTable(null, ["Symbol", "Broker", "Ours", "Avg cost", "Mark", "Unreal.", "Stop?"], rows)],
        };
    }

    private Task<Reply> OrdersAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var rows = s.Orders.Select(o => (IReadOnlyList<string>)[
            Fmt.Int(o.Order.BrokerOrderId),
            o.Order.Symbol,
            o.Order.Side.ToString().ToUpperInvariant(),
            Fmt.Qty(o.Order.Quantity),
            TypeText(o.Order),
            o.Order.Status.ToString(),
            o.Origin switch
            {
                OrderOrigin.External => $"external (client {o.Order.ClientId})",
                OrderOrigin.Bracket => $"{o.Strategy} (bracket)",
                OrderOrigin.Manual => "manual",
                _ => o.Strategy,
            },
        ]).ToList();
        return Task.FromResult(new Reply
        {
            Title = $"Working orders ({rows.Count})",
            Tables = [new ReplyTable(null, ["Id", "Symbol", "Side", "Qty", "Type", "Status", "Placed by"], rows)],
        });
    }

    private static string TypeText(BrokerOrder order) => order.Type switch
    {
        OrderType.Market => "MKT",
        OrderType.Limit => $"LMT {Fmt.Price(order.LimitPrice)}",
        OrderType.Stop => $"STP {Fmt.Price(order.StopPrice)}",
        OrderType.StopLimit => $"STP {Fmt.Price(order.StopPrice)} LMT {Fmt.Price(order.LimitPrice)}",
        _ => order.Type.ToString(),
    };

    private Task<Reply> LimitsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Command.Arguments.Count > 0)
            return SetLimitAsync(request, cancellationToken);
        var s = _engine.Snapshot;
        var l = _engine.Limits;
        var factor = TradingStateMachine.SizeFactor(s.Status.State, _engine.Options.ResumePolicy);
        var dayPnl = s.RealizedToday + s.Unrealized;
        var weekPnl = s.RealizedWeek + s.Unrealized;
        var maxPos = s.Positions.Count == 0 ? 0 : s.Positions.Max(p => Math.Abs(p.Quantity));
        IReadOnlyList<string> Row(string name, string value, string now, string headroom) => [name, value, now, headroom];
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Daily loss (incl. unrealized)", Fmt.Money(l.DailyLossLimit), Fmt.SignedMoney(dayPnl), Fmt.Money(l.DailyLossLimit + Math.Min(0, dayPnl))),
            Row("Weekly loss (incl. unrealized)", Fmt.Money(l.WeeklyLossLimit), Fmt.SignedMoney(weekPnl), Fmt.Money(l.WeeklyLossLimit + Math.Min(0, weekPnl))),
            Row("Strategy daily loss", Fmt.Money(l.StrategyDailyLossLimit), "-", "-"),
            Row("Drawdown breaker", Fmt.Money(l.MaxDrawdown), Fmt.Money(s.Drawdown), Fmt.Money(l.MaxDrawdown - s.Drawdown)),
            Row("Max position per symbol", Fmt.Qty(l.MaxPositionPerSymbol * factor), $"largest {Fmt.Qty(maxPos)}", Fmt.Qty((l.MaxPositionPerSymbol * factor) - maxPos)),
            Row("Max order notional", Fmt.Money(l.MaxOrderNotional * factor), "-", "-"),
            Row("Orders per day", Fmt.Int(l.MaxOrdersPerDay), Fmt.Int(s.OrdersToday), Fmt.Int(l.MaxOrdersPerDay - s.OrdersToday)),
            Row("Max working orders", Fmt.Int(l.MaxWorkingOrders), Fmt.Int(s.Orders.Count), Fmt.Int(l.MaxWorkingOrders - s.Orders.Count)),
            Row("Min interval per symbol", $"{l.MinOrderInterval.TotalSeconds:0.##} s", "-", "-"),
            Row("Price collar", $"{l.PriceCollarPercent:0.##}%", "-", "-"),
            Row("Duplicate window", $"{l.DuplicateWindow.TotalSeconds:0.##} s", "-", "-"),
            Row("Quote max age", $"{l.QuoteMaxAge.TotalSeconds:0.##} s", "-", "-"),
            Row("Runaway: orders / messages per window", $"{l.RunawayMaxOrders} / {l.RunawayMaxMessages} per {l.RunawayWindow.TotalSeconds:0} s", "-", "-"),
            Row("Blocked symbols", l.BlockedSymbols.Count == 0 ? "none" : string.Join(",", l.BlockedSymbols), "-", "-"),
        };
        var lines = new List<string> { $"State {s.Status.State}: entries at {Fmt.Percent(factor)} of normal size. Loss breach action: {l.LossBreachAction}." };
        return Task.FromResult(new Reply { Title = "Limits and headroom", Lines = lines, Tables = [new ReplyTable(null, ["Guardrail", "Limit", "Now", "Headroom"], rows)] });
    }

    private Task<Reply> StrategiesAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var s = _engine.Snapshot;
        var names = s.KnownStrategies.Union(s.PausedStrategies).Where(n => n != "flatten").Order(StringComparer.Ordinal).ToList();
        var rows = names.Select(n => (IReadOnlyList<string>)[
            n,
            s.PausedStrategies.Contains(n) ? "PAUSED" : "running",
            Fmt.SignedMoney(s.StrategyRealizedToday.GetValueOrDefault(n)),
        ]).ToList();
        return Task.FromResult(new Reply { Title = $"Strategies ({rows.Count})", Tables = [new ReplyTable(null, ["Strategy", "State", "Realized today"], rows)] });
    }
}
