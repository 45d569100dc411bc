using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Reconciliation;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private void DecideReconcile(ReconcileInput input, DateTimeOffset now)
    {
        var broker = input.Broker;
        if (input.Apply)
            ResolvePendingIntents(broker, now);

        var ours = _positions.Snapshot();
        var ourOrders = _orders.All.Where(o => o.Origin != OrderOrigin.External).ToList();
        var sinceRequest = FillsSince(input.FillsAtRequest);
        var report = Reconciler.Compare(
            new ReconciliationInput(now, ours, broker.Positions, ourOrders, broker.OpenOrders, _positions.ExecIds, broker.Executions) { OurFillsSinceRequest = sinceRequest },
            _options.Reconciliation);

        if (input.Apply)
        {
            Apply(report, now);
            if (report.RequiresSecondPass)
            {
                var second = Reconciler.Compare(
                    new ReconciliationInput(now, _positions.Snapshot(), broker.Positions, [.. _orders.All.Where(o => o.Origin != OrderOrigin.External)], broker.OpenOrders, _positions.ExecIds, broker.Executions) { OurFillsSinceRequest = sinceRequest },
                    _options.Reconciliation);
                Apply(second, now);
            }
        }

        if (!input.Record)
        {
            // A dry run: the caller looks again with a fresh snapshot before anything is corrected or alerted.
            _completions.Add(() => input.Completion.TrySetResult(report));
            return;
        }

        _lastReconciliation = report;
        _records.Add(new PositionsSnapshotRecord(now, "broker", broker.Positions));
        Audit(input.Actor, "/reconcile", input.Apply ? "apply" : "report", "ok", report.Summary(), now);
        if (!report.IsClean)
        {
            var severity = report.HasUnknownPosition || report.BreakValue >= 1_000m ? Severity.Sev1 : Severity.Sev2;
            RaiseAlert(now, severity, "reconciliation", "Reconciliation found differences", report.Summary(),
                "Broker is truth: check the broker's execution history; the journal was corrected to match the broker.");
        }
        _dirty = true;
        _completions.Add(() => input.Completion.TrySetResult(report));
    }

    /// <summary>Fills applied by the loop, newest last, with their sequence number (bounded: only the latest matter).</summary>
    private readonly Queue<(long Seq, Core.Portfolio.Fill Fill)> _recentFills = new();

    /// <summary>Fills applied so far (written by the loop, read by <see cref="ReconcileAsync"/> before it asks the broker).</summary>
    private long _fillsApplied;

    private const int RecentFillsKept = 10_000;

    private void RememberRecentFill(Core.Portfolio.Fill fill)
    {
        var seq = Interlocked.Increment(ref _fillsApplied);
        _recentFills.Enqueue((seq, fill));
        while (_recentFills.Count > RecentFillsKept)
            _recentFills.Dequeue();
    }

    /// <summary>The fills applied after the first <paramref name="count"/> (none when the count is unknown).</summary>
    private List<Core.Portfolio.Fill> FillsSince(long count) =>
        count < 0 ? [] : [.. _recentFills.Where(f => f.Seq > count).Select(f => f.Fill)];

    private void Apply(ReconciliationReport report, DateTimeOffset now)
    {
        // An unknown position may be unauthorized access: halt before anything else.
        if (report.HasUnknownPosition && _status.State != TradingState.Halted)
        {
            var unknown = report.Items.First(i => i.Kind == ReconciliationKind.UnknownPosition);
            HaltNow(Actor.System, $"unknown position: {unknown.Explanation}", StateTrigger.UnknownPosition, now, "reconcile");
        }

        // In report order: missing executions first, then positions, then orders (the reconciler orders them so).
        foreach (var item in report.Items)
        {
            switch (item.Action)
            {
                case ReconciliationAction.RecordMissingFill:
                    if (item.Execution is { } fill)
                        OnExecution(fill, now);
                    Audit(Actor.System, "reconcile", item.Symbol, "corrected", item.Explanation, now);
                    break;
                case ReconciliationAction.AdoptBrokerQuantity:
                case ReconciliationAction.AdoptBrokerPrice:
                    _positions.Adopt(item.Symbol, item.BrokerQuantity, item.BrokerPrice ?? 0m, now);
                    Audit(Actor.System, "reconcile", item.Symbol, "corrected", item.Explanation, now);
                    break;
                case ReconciliationAction.HaltAndEscalate:
                    _positions.Adopt(item.Symbol, item.BrokerQuantity, item.BrokerPrice ?? 0m, now);
                    Audit(Actor.System, "reconcile", item.Symbol, "corrected", item.Explanation, now);
                    RaiseAlert(now, Severity.Sev1, $"unknown-position:{item.Symbol}", $"Unknown position {item.Symbol}: possible unauthorized access", item.Explanation,
                        "Escalate: verify in TWS who opened it. If it is not yours, close it in TWS and secure the account.");
                    break;
                case ReconciliationAction.MarkOrderClosed:
                    if (item.OrderId is { } id && _orders.TryGet(id, out var order))
                    {
                        var closed = order with { Order = order.Order with { Status = OrderStatus.Cancelled } };
                        _orders.Apply(closed);
                        _records.Add(new OrderRecordedRecord(closed));
                        Audit(Actor.System, "reconcile", item.Symbol, "corrected", item.Explanation, now);
                    }
                    break;
                case ReconciliationAction.RecordExternalOrder:
                case ReconciliationAction.RecordOrder:
                    if (item.Order is { } brokerOrder)
                        OnOrderUpdated(brokerOrder, now);
                    break;
            }
        }
        _dirty = true;
    }

    /// <summary>
    /// After a crash an intent may be journaled as pending with nobody knowing whether it left. Its orderRef tells:
    /// if the broker knows it, it was sent; otherwise it never left and is marked failed. A retry with the same key
    /// keeps returning that outcome, so nothing is ever sent twice.
    /// </summary>
    private void ResolvePendingIntents(BrokerAccountSnapshot broker, DateTimeOffset now)
    {
        foreach (var intent in _intents.Values.Where(i => i.Outcome == IntentOutcome.Pending).ToList())
        {
            var order = broker.OpenOrders.FirstOrDefault(o => o.OrderRef == intent.OrderRef);
            var exec = broker.Executions.FirstOrDefault(e => e.OrderRef == intent.OrderRef);
            var id = order?.BrokerOrderId ?? exec?.BrokerOrderId;
            var resolved = id is not null
                ? intent with { Outcome = IntentOutcome.Sent, BrokerOrderId = id }
                : intent with { Outcome = IntentOutcome.Failed, RejectRule = "not-sent", RejectMessage = "not-sent: the process stopped before the order reached the broker" };
            Remember(resolved);
            _records.Add(new IntentUpdatedRecord(resolved.IdempotencyKey, resolved.Outcome, resolved.BrokerOrderId, resolved.RejectRule, resolved.RejectMessage));
        }
        _ = now;
    }
}
