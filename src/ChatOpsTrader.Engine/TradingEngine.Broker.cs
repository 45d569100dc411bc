using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void OnBrokerEventInput(BrokerEvent brokerEvent, DateTimeOffset now)
    {
        switch (brokerEvent)
        {
            case QuoteReceived q: OnQuote(q, now); break;
            case OrderUpdated o: OnOrderUpdated(o.Order, now); break;
            case ExecutionReceived e: OnExecution(e.Fill, now); break;
            case OrderRejected r: OnBrokerRejected(r, now); break;
            case ConnectionChanged c: OnConnectionChanged(c, now); break;
            case BrokerNotice n: OnNotice(n, now); break;
            case AccountValuesReceived a: OnAccountValues(a, now); break;
        }
    }

    private void OnQuote(QuoteReceived received, DateTimeOffset now)
    {
        var quote = received.Quote;
        _quotes.Update(quote);
        var mark = quote.Mark;
        if (mark > 0 && _positions.QuantityOf(quote.Symbol) != 0)
        {
            _positions.Mark(quote.Symbol, mark);
            EvaluateRisk(now);
        }
        _dirty = true;
    }

    private void OnOrderUpdated(BrokerOrder order, DateTimeOffset now)
    {
        var (origin, strategy) = Attribute(order.OrderRef);
        _orders.TryGet(order.BrokerOrderId, out var previous);
        var working = new WorkingOrder(order, origin, strategy, previous?.CreatedAt ?? now);
        working = _orders.CompletedByExecutions(working) ?? working; // a late "working" status for an order already filled
        order = working.Order;
        _orders.Apply(working);
        if (previous is null || previous.Order.Status != order.Status || previous.Order.Filled != order.Filled)
            _records.Add(new OrderRecordedRecord(working));
        _dirty = true;

        // Bracket children: the parent's intent learns nothing new, but a parent we only knew as pending is now confirmed.
        if (_intentsByRef.TryGetValue(order.OrderRef, out var intent) && intent.BrokerOrderId is null && intent.Outcome == IntentOutcome.Pending)
        {
            var sent = intent with { Outcome = IntentOutcome.Sent, BrokerOrderId = order.BrokerOrderId };
            Remember(sent);
            _records.Add(new IntentUpdatedRecord(sent.IdempotencyKey, sent.Outcome, sent.BrokerOrderId, null, null));
        }

        // The account watchdog: while halted, any new working order from anywhere is cancelled at once.
        if (_status.State == TradingState.Halted && order.Status.IsWorking() && !IsFlattenRef(order.OrderRef)
            && _cancelsSent.Add(order.BrokerOrderId))
        {
            var id = order.BrokerOrderId;
            _activity.RecordCancelSent(now);
            _actions.Add(ct => _broker.CancelOrderAsync(id, ct).AsTask());
            if (origin == OrderOrigin.External)
            {
                RaiseAlert(now, Severity.Sev1, $"watchdog:{id}", $"Order placed while halted was cancelled: {order.Symbol}",
                    string.Create(CultureInfo.InvariantCulture, $"{order.Side} {order.Quantity} {order.Symbol} {order.Type} (order {id}, client {order.ClientId}, ref '{order.OrderRef}') appeared while trading is halted; it was cancelled."),
                    "Find out who placed it: another bot on the account, or a person in TWS. Keep the halt until you know.");
            }
        }
        else if (!order.Status.IsWorking())
        {
            _cancelsSent.Remove(order.BrokerOrderId);
        }

        if (previous is null && origin == OrderOrigin.External && _status.State != TradingState.Halted)
        {
            RaiseAlert(now, Severity.Sev3, $"external:{order.Symbol}", $"External order seen: {order.Symbol}",
                string.Create(CultureInfo.InvariantCulture, $"{order.Side} {order.Quantity} {order.Symbol} {order.Type} (order {order.BrokerOrderId}, client {order.ClientId}) was not placed through ChatOpsTrader."),
                "Verify it is yours (another bot or TWS). If not, /halt and investigate.");
        }
    }

    private void OnExecution(Fill fill, DateTimeOffset now)
    {
        if (_positions.HasExecution(fill.ExecId))
            return;
        var strategy = fill.Strategy;
        if (string.IsNullOrEmpty(strategy))
        {
            var (_, attributed) = Attribute(fill.OrderRef);
            strategy = attributed;
        }
        var attributedFill = fill with { Strategy = strategy };

        // A fill is journaled before P&L is updated (the batch commits before anyone sees the new picture).
        _records.Add(new FillRecordedRecord(attributedFill));
        var closed = _positions.ApplyFill(attributedFill);
        RememberRecentFill(attributedFill);
        foreach (var trade in closed)
        {
            _ledger.Record(trade);
            _realizedTotal += trade.RealizedPnl;
            _records.Add(new TradeClosedRecord(trade));
        }
        if (_orders.RecordExecution(fill.BrokerOrderId, fill.Quantity) is { } filled)
        {
            _orders.Apply(filled);
            _records.Add(new OrderRecordedRecord(filled));
        }
        MeasureSlippage(attributedFill, now);
        if (_quotes.TryGet(fill.Symbol, out var q) && q.Mark > 0)
            _positions.Mark(fill.Symbol, q.Mark);
        else
            _positions.Mark(fill.Symbol, fill.Price);
        _dirty = true;
        EvaluateRisk(now);
    }

    /// <summary>Who placed an order, from its reference: our flatten, an intent, a bracket child of one, or someone else.</summary>
    private (OrderOrigin Origin, string Strategy) Attribute(string orderRef)
    {
        if (IsFlattenRef(orderRef))
            return (OrderOrigin.Manual, "flatten");
        if (_intentsByRef.TryGetValue(orderRef, out var intent))
            return (intent.Intent.Origin, intent.Intent.Strategy);
        if (OrderRefs.IsOurs(orderRef) && _intentsByRef.TryGetValue(OrderRefs.ParentOf(orderRef), out var parent))
            return (OrderOrigin.Bracket, parent.Intent.Strategy);
        return OrderRefs.IsOurs(orderRef) ? (OrderOrigin.Strategy, "unknown") : (OrderOrigin.External, "external");
    }

    private void OnBrokerRejected(OrderRejected rejected, DateTimeOffset now)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"broker rejected order {rejected.BrokerOrderId} (code {rejected.Code}): {rejected.Reason}");
        if (_intentsByRef.TryGetValue(rejected.OrderRef, out var intent))
        {
            var updated = intent with { Outcome = IntentOutcome.Rejected, RejectRule = "broker-rejected", RejectMessage = reason, BrokerOrderId = intent.BrokerOrderId ?? rejected.BrokerOrderId };
            Remember(updated);
            _records.Add(new IntentUpdatedRecord(updated.IdempotencyKey, updated.Outcome, updated.BrokerOrderId, updated.RejectRule, updated.RejectMessage));
            NoteRejection(now, intent.Intent.Strategy, intent.Intent.Symbol, "broker-rejected", reason);
            CountIntentOutcome(now, rejected: true);
        }
        else
        {
            NoteRejection(now, "external", "?", "broker-rejected", reason);
        }
        if (_orders.TryGet(rejected.BrokerOrderId, out var working))
        {
            var closed = working with { Order = working.Order with { Status = OrderStatus.Rejected } };
            _orders.Apply(closed);
            _records.Add(new OrderRecordedRecord(closed));
        }
    }

    private void OnConnectionChanged(ConnectionChanged change, DateTimeOffset now)
    {
        var was = _brokerConnected;
        _brokerConnected = change.Connected;
        _brokerDetail = change.Detail;
        _dirty = true;
        if (was && !change.Connected)
        {
            RaiseAlert(now, Severity.Sev2, "broker-connection", "Broker connection lost", $"{_broker.Name}: {change.Detail}. New entries are refused until it is back; server-side brackets keep protecting positions.",
                "Check that TWS/IB Gateway is running and logged in; the bot reconnects on its own.");
        }
        else if (!was && change.Connected && _ready.Task.IsCompleted)
        {
            RaiseAlert(now, Severity.Sev4, "broker-connection:restored", "Broker connection restored", $"{_broker.Name}: {change.Detail}. Reconciling with the broker now.", "Check the reconciliation report.");
            // A halt stays a halt: whatever was sent while we were away (or a cancel-all that never arrived) is cancelled.
            if (_status.State == TradingState.Halted)
            {
                _activity.RecordCancelSent(now);
                _actions.Add(CancelAllOrAlertAsync);
            }
            _actions.Add(ct =>
            {
                // Drains the queue and compares against a fresh snapshot; runs outside this batch.
                _ = ReconcileAsync(Actor.System, apply: true, CancellationToken.None).ContinueWith(
                    t => LogActionFailed(_logger, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return Task.CompletedTask;
            });
        }
    }

    private void OnNotice(BrokerNotice notice, DateTimeOffset now)
    {
        // TWS farm codes: 2103 market data, 2105 historical data, 2157 security definitions farm broken. A broken market
        // data farm is the start of a data-feed failure: say so now; if quotes stop, the data feed watch makes the
        // account closing-only by itself.
        if (notice.Code is 2103 or 2105 or 2157)
        {
            RaiseAlert(now, Severity.Sev2, AlertKeys.DataFeed + ":farm", "Market data farm disconnected", notice.Message,
                "Quotes may stop: if they do, new entries are refused automatically until data is confirmed. Check TWS's data connection (Help > Data Connections).");
            return;
        }
        RaiseAlert(now, Severity.Sev4, $"notice:{notice.Code}", $"Broker notice {notice.Code}", notice.Message, "Informational.");
    }

    /// <summary>Loss limits (realized + unrealized) and the drawdown breaker, after every fill and mark.</summary>
    private void EvaluateRisk(DateTimeOffset now)
    {
        RollDayIfNeeded(now);
        var unrealized = _positions.UnrealizedPnl;
        var day = _ledger.RealizedOn(_tradingDay) + unrealized;
        var week = _ledger.RealizedInWeek(_tradingWeek) + unrealized;
        var perStrategy = StrategyDayPnl();
        var events = _lossMonitor.Evaluate(day, week, perStrategy, now);
        if (events.Count > 0)
        {
            _records.Add(new SettingRecord(SettingKeys.LossLimits, _lossMonitor.Export()));
            foreach (var e in events)
                OnLossEvent(e, now);
        }

        var trip = _drawdown.Update(_realizedTotal + unrealized, now);
        if (trip is not null)
        {
            _records.Add(new SettingRecord(SettingKeys.Drawdown, _drawdown.Export()));
            if (_status.State != TradingState.Halted)
                HaltNow(Actor.System, trip.Describe(), StateTrigger.Drawdown, now, "drawdown");
            RaiseAlert(now, Severity.Sev1, "drawdown", "Drawdown breaker tripped: trading halted", trip.Describe(),
                "No immediate action needed: trading stopped by design. Review the losing trades (/trades losers) before deciding.");
        }
    }

    private Dictionary<string, decimal> StrategyDayPnl()
    {
        var result = new Dictionary<string, decimal>(_ledger.StrategyRealizedOn(_tradingDay), StringComparer.Ordinal);
        foreach (var strategy in _strategies)
            result[strategy] = result.GetValueOrDefault(strategy) + _positions.UnrealizedPnlFor(strategy);
        return result;
    }

    private void OnLossEvent(LossLimitEvent e, DateTimeOffset now)
    {
        var text = e.Describe();
        if (e.Kind == LossEventKind.Warning)
        {
            RaiseAlert(now, Severity.Sev3, $"loss-warning:{e.Scope}:{e.Strategy}", $"Loss limit warning ({e.Level:P0})", text, "Review open positions and today's losers (/trades losers).");
            return;
        }

        if (e.Scope == LossScope.StrategyDaily && e.Strategy is not null)
        {
            if (_paused.Add(e.Strategy))
                _records.Add(new SettingRecord(SettingKeys.Paused, string.Join(',', _paused.Order(StringComparer.Ordinal))));
            RaiseAlert(now, Severity.Sev2, $"loss-breach:strategy:{e.Strategy}", $"Strategy paused: {e.Strategy} hit its daily loss limit", text,
                "Working as intended: review its losing trades (/trades losers). It stays paused until /unpause.");
            return;
        }

        var action = _limits.LossBreachAction;
        RaiseAlert(now, Severity.Sev1, $"loss-breach:{e.Scope}", $"{e.Scope} loss limit breached: {action}", text,
            "Review all losses (/trades losers); verify protective orders at the broker. Trading resumes the next trading day.");
        switch (action)
        {
            case LossBreachAction.Reduce:
                Transition(TradingStateMachine.Reduce(_status, StateTrigger.LossLimit, "system", text, now), Actor.System, "loss-limit", now);
                break;
            case LossBreachAction.Halt:
                HaltNow(Actor.System, text, StateTrigger.LossLimit, now, "loss-limit");
                break;
            case LossBreachAction.Flatten:
                HaltNow(Actor.System, text, StateTrigger.LossLimit, now, "loss-limit");
                _actions.Add(_ => { StartAutomaticFlatten(); return Task.CompletedTask; });
                break;
        }
    }
}
