using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void DecideIntent(SubmitIntentInput input, DateTimeOffset now)
    {
        var intent = input.Intent;

        // A retried intent with the same key returns the first result and sends nothing.
        if (_intents.ContainsKey(intent.IdempotencyKey))
        {
            // Built when replies go out (after this batch's sends), so a duplicate in the same batch gets the real outcome.
            var key = intent.IdempotencyKey;
            _completions.Add(() => input.Completion.TrySetResult(ResultOf(_intents[key], replayed: true)));
            return;
        }

        var orderRef = OrderRefs.ForKey(intent.IdempotencyKey);
        var check = new OrderCheck(intent.Symbol, intent.Strategy, intent.Side, intent.Quantity, intent.Type, intent.LimitPrice, intent.StopPrice);
        _activity.RecordAttempt(check, now);
        _strategies.Add(intent.Strategy);
        _lastSignal[intent.Strategy] = now;
        _silenceAlerted.Remove(intent.Strategy);

        var verdict = _checker.Check(check, _view, _activity, now);
        if (verdict.IsAccepted)
            verdict = CheckBracket(intent);
        CountIntentOutcome(now, rejected: !verdict.IsAccepted);

        if (!verdict.IsAccepted)
        {
            var message = verdict.Describe();
            var rejected = new IntentRecord(intent.IdempotencyKey, orderRef, intent, now, IntentOutcome.Rejected, null, verdict.Rule.Name(), message);
            Remember(rejected);
            _records.Add(new IntentRecordedRecord(rejected));
            NoteRejection(now, intent.Strategy, intent.Symbol, verdict.Rule.Name(), message);
            var result = ResultOf(rejected, replayed: false);
            _completions.Add(() => input.Completion.TrySetResult(result));
            CheckRunaway(now);
            return;
        }

        // Persist, then act: the intent with its key and orderRef is committed before the order leaves.
        var pending = new IntentRecord(intent.IdempotencyKey, orderRef, intent, now, IntentOutcome.Pending, null, null, null);
        Remember(pending);
        _records.Add(new IntentRecordedRecord(pending));
        _activity.RecordOrderSent(check, now);
        SaveActivity();
        _inFlight[intent.IdempotencyKey] = intent;
        _dirty = true;
        RememberArrivalPrice(orderRef, intent, now);

        var request = new BrokerOrderRequest(
            orderRef, intent.Symbol, intent.Side, intent.Quantity, intent.Type, intent.LimitPrice, intent.StopPrice,
            intent.HasBracket ? new BracketRequest(OrderRefs.TakeProfit(orderRef), intent.TakeProfit!.Value, OrderRefs.StopLoss(orderRef), intent.StopLoss!.Value) : null);

        _actions.Add(async ct =>
        {
            IntentRecord outcome;
            try
            {
                var brokerOrderId = await _broker.PlaceOrderAsync(request, ct);
                outcome = pending with { Outcome = IntentOutcome.Sent, BrokerOrderId = brokerOrderId };
                TrackPendingOrder(outcome, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcome = pending with { Outcome = IntentOutcome.Failed, RejectRule = "broker-unreachable", RejectMessage = $"broker-unreachable: {ex.Message}" };
                NoteRejection(now, intent.Strategy, intent.Symbol, "broker-unreachable", ex.Message);
            }
            _inFlight.Remove(outcome.IdempotencyKey);
            Remember(outcome);
            _records.Add(new IntentUpdatedRecord(outcome.IdempotencyKey, outcome.Outcome, outcome.BrokerOrderId, outcome.RejectRule, outcome.RejectMessage));
            var result = ResultOf(outcome, replayed: false);
            _completions.Add(() => input.Completion.TrySetResult(result));
        });

        CheckRunaway(now);
    }

    /// <summary>A bracket's prices must sit on the right side of the entry; otherwise the protection is fake.</summary>
    private PreflightResult CheckBracket(OrderIntent intent)
    {
        if (intent.TakeProfit is null && intent.StopLoss is null)
            return PreflightResult.Accepted;
        if (!intent.HasBracket)
            return PreflightResult.Reject(PreflightRule.InvalidOrder, 0, 0, "a bracket needs both takeProfit and stopLoss");
        var reference = intent.LimitPrice ?? (_quotes.TryGet(intent.Symbol, out var q) ? q.Mark : 0m);
        if (reference <= 0)
            return PreflightResult.Accepted;
        var tp = intent.TakeProfit!.Value;
        var sl = intent.StopLoss!.Value;
        var ok = intent.Side == OrderSide.Buy ? tp > reference && sl < reference : tp < reference && sl > reference;
        return ok
            ? PreflightResult.Accepted
            : PreflightResult.Reject(PreflightRule.InvalidOrder, 0, 0, string.Create(CultureInfo.InvariantCulture, $"bracket prices on the wrong side of {reference:0.00}: take-profit {tp}, stop-loss {sl}"));
    }

    /// <summary>Our order is on its way: count it as working until the broker says otherwise.</summary>
    private void TrackPendingOrder(IntentRecord intent, DateTimeOffset now)
    {
        var i = intent.Intent;
        var order = new BrokerOrder(intent.BrokerOrderId!.Value, intent.OrderRef, i.Symbol, i.Side, i.Quantity, i.Type, i.LimitPrice, i.StopPrice, null, OrderStatus.PendingSubmit, 0, 0, 1);
        if (!_orders.TryGet(order.BrokerOrderId, out _))
        {
            var working = new WorkingOrder(order, i.Origin, i.Strategy, now);
            _orders.Apply(working);
            _records.Add(new OrderRecordedRecord(working));
        }
        _dirty = true;
    }

    private void Remember(IntentRecord record)
    {
        if (!_intents.ContainsKey(record.IdempotencyKey))
            _batchIntentKeys.Add(record.IdempotencyKey);
        _intents[record.IdempotencyKey] = record;
        _intentsByRef[record.OrderRef] = record;
    }

    private static OrderGateResult ResultOf(IntentRecord record, bool replayed) => record.Outcome switch
    {
        IntentOutcome.Rejected or IntentOutcome.Failed => new OrderGateResult(
            false, record.IdempotencyKey, record.OrderRef, null, RuleOf(record.RejectRule), record.RejectMessage ?? "rejected", replayed),
        _ => new OrderGateResult(
            true, record.IdempotencyKey, record.OrderRef, record.BrokerOrderId, PreflightRule.None,
            record.BrokerOrderId is { } id ? $"sent as order {id}" : "accepted; sending", replayed),
    };

    private static PreflightRule RuleOf(string? name)
    {
        foreach (var rule in Enum.GetValues<PreflightRule>())
        {
            if (rule.Name() == name)
                return rule;
        }
        return PreflightRule.None;
    }

    private void NoteRejection(DateTimeOffset now, string strategy, string symbol, string rule, string message)
    {
        _rejections.AddFirst(new RejectionNote(now, strategy, symbol, rule, message));
        while (_rejections.Count > 50)
            _rejections.RemoveLast();
        _dirty = true;
        RaiseAlert(now, Severity.Sev3, $"reject:{symbol}", $"Order rejected: {symbol} ({rule})", $"{strategy}: {message}",
            rule.StartsWith("broker", StringComparison.Ordinal) ? "Check the broker's reason; fix the issue or wait for conditions." : "Check the pre-flight reason; adjust the order or wait for the limit to reset.");
    }

    /// <summary>
    /// High reject rate (seeds: "order rejections &gt; 10%"): over the last 10 minutes, with at least 20 intents, a tenth
    /// or more rejected (by us or by the broker) raises one SEV2, at most every 30 minutes.
    /// </summary>
    private void CountIntentOutcome(DateTimeOffset now, bool rejected)
    {
        _intentOutcomes.Enqueue((now, rejected));
        while (_intentOutcomes.Count > 0 && now - _intentOutcomes.Peek().Time > RejectRateWindow)
            _intentOutcomes.Dequeue();
        var total = _intentOutcomes.Count;
        var rejections = _intentOutcomes.Count(o => o.Rejected);
        if (total < 20 || rejections * 10 < total || now - _lastRejectRateAlert < TimeSpan.FromMinutes(30))
            return;
        _lastRejectRateAlert = now;
        RaiseAlert(now, Severity.Sev2, "reject-rate", "High reject rate",
            string.Create(CultureInfo.InvariantCulture, $"{rejections} of the last {total} orders were rejected in {RejectRateWindow.TotalMinutes:0} minutes ({(decimal)rejections / total:P0}; the threshold is 10%). Recent reasons are in /status and /incidents."),
            "Look at the reasons: a strategy bug, a limit set too tight, or the broker refusing (margin, permissions, market closed).");
    }

    private static readonly TimeSpan RejectRateWindow = TimeSpan.FromMinutes(10);

    private void CheckRunaway(DateTimeOffset now)
    {
        if (_status.State == Core.Trading.TradingState.Halted)
            return;
        var verdict = _activity.CheckRunaway(now);
        if (verdict is null)
            return;
        HaltNow(Actor.System, verdict.Describe(), Core.Trading.StateTrigger.Runaway, now, "runaway");
        RaiseAlert(now, Severity.Sev1, "runaway", "Runaway orders: trading halted", verdict.Describe(),
            "Emergency flatten if orders keep coming (/flatten); find the bug before resuming. Only a person can resume.");
    }

    private void SaveActivity() => _records.Add(new SettingRecord(SettingKeys.Activity, _activity.Export()));
}
