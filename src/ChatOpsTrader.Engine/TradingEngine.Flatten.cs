using System.Globalization;
using System.Text;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    /// <summary>
    /// Emergency flatten: persists Halted and cancels everything (or, for one symbol, cancels its orders), then closes
    /// every position the broker reports with market orders paced under the broker's message limit, waits for the
    /// broker to report flat, and reconciles. Works from every state; the account ends halted and flat.
    /// </summary>
    public async Task<FlattenReport> FlattenAsync(Actor actor, string? symbol, CancellationToken cancellationToken)
    {
        var start = await PostAsync(new FlattenStartInput(actor, symbol), cancellationToken);
        if (!start.Ok)
            return new FlattenReport(false, start.Message, [], null);
        return await RunFlattenAsync(symbol, cancellationToken);
    }

    /// <summary>Our closing orders carry <c>COT-FL-</c>: recognisable from any thread, and after a restart.</summary>
    internal static bool IsFlattenRef(string? orderRef) => orderRef is not null && orderRef.StartsWith(FlattenRefPrefix, StringComparison.Ordinal);

    private const string FlattenRefPrefix = OrderRefs.Prefix + "FL-";

    /// <summary>One flatten at a time: a second one waits and then works from a fresh snapshot (no double close).</summary>
    private async Task<FlattenReport> RunFlattenAsync(string? symbol, CancellationToken cancellationToken)
    {
        await _flattenGate.WaitAsync(cancellationToken);
        try
        {
            return await FlattenPositionsAsync(symbol, cancellationToken);
        }
        finally
        {
            _flattenGate.Release();
        }
    }

    /// <summary>The loss-limit breach action: flatten in the background, and tell people if it does not end flat.</summary>
    private void StartAutomaticFlatten()
    {
        _ = RunFlattenAsync(null, CancellationToken.None).ContinueWith(t =>
        {
            var problem = t.IsFaulted ? $"it failed: {t.Exception!.GetBaseException().Message}" : !t.Result.Flat ? t.Result.Message : null;
            if (problem is not null)
            {
                Raise(new Core.Alerts.Alert(Guid.NewGuid().ToString("N"), _time.GetUtcNow(), Core.Alerts.Severity.Sev1, "flatten-incomplete",
                    "Automatic flatten did not end flat", $"The loss-limit flatten did not complete: {problem}", "Close the remaining positions in TWS, or run /flatten again."));
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void DecideFlattenStart(FlattenStartInput input, DateTimeOffset now)
    {
        var target = input.Symbol ?? "all";
        if (input.Symbol is null)
        {
            HaltNow(input.Actor, $"flatten all by {input.Actor}", StateTrigger.Flatten, now, "/flatten");
        }
        else
        {
            foreach (var order in _orders.All.Where(o => o.Order.Symbol == input.Symbol).ToList())
            {
                var id = order.Order.BrokerOrderId;
                _activity.RecordCancelSent(now);
                _actions.Add(ct => _broker.CancelOrderAsync(id, ct).AsTask());
            }
            Audit(input.Actor, "/flatten", target, "ok", $"cancel {input.Symbol} orders and close the position", now);
        }
        _completions.Add(() => input.Completion.TrySetResult(CommandOutcome.Done($"flatten {target} started")));
    }

    private void DecideFlattenClose(FlattenCloseInput input, DateTimeOffset now)
    {
        var orderRef = FlattenRefPrefix + OrderRefs.ForKey(input.Key)[OrderRefs.Prefix.Length..];
        var intent = new OrderIntent(input.Key, "flatten", input.Symbol, input.Side, input.Quantity, OrderType.Market, Origin: OrderOrigin.Manual);
        var pending = new IntentRecord(input.Key, orderRef, intent, now, IntentOutcome.Pending, null, null, null);
        Remember(pending);
        _records.Add(new IntentRecordedRecord(pending));
        _activity.RecordOrderSent(new Core.Risk.OrderCheck(input.Symbol, "flatten", input.Side, input.Quantity, OrderType.Market, null, null), now);
        var request = new BrokerOrderRequest(orderRef, input.Symbol, input.Side, input.Quantity, OrderType.Market, null, null);
        _actions.Add(async ct =>
        {
            string message;
            try
            {
                var id = await _broker.PlaceOrderAsync(request, ct);
                var sent = pending with { Outcome = IntentOutcome.Sent, BrokerOrderId = id };
                Remember(sent);
                TrackPendingOrder(sent, now);
                _records.Add(new IntentUpdatedRecord(sent.IdempotencyKey, sent.Outcome, id, null, null));
                message = string.Create(CultureInfo.InvariantCulture, $"{input.Side} {input.Quantity} {input.Symbol} MKT sent as order {id}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failed = pending with { Outcome = IntentOutcome.Failed, RejectRule = "broker-unreachable", RejectMessage = ex.Message };
                Remember(failed);
                _records.Add(new IntentUpdatedRecord(failed.IdempotencyKey, failed.Outcome, null, failed.RejectRule, failed.RejectMessage));
                message = $"closing {input.Symbol} failed: {ex.Message}";
            }
            _completions.Add(() => input.Completion.TrySetResult(new CommandOutcome(!message.Contains("failed", StringComparison.Ordinal), message)));
        });
    }

    private async Task<FlattenReport> FlattenPositionsAsync(string? symbol, CancellationToken cancellationToken)
    {
        var sent = new List<string>();
        var pacer = new Pacer(_time, _options.FlattenMessagesPerSecond);
        var batchId = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var deadline = _time.GetUtcNow() + _options.FlattenTimeout;
        var roundTimeout = TimeSpan.FromTicks(_options.FlattenTimeout.Ticks / MaxFlattenRounds);
        IReadOnlyList<BrokerPosition> remaining = [];
        var straysCancelled = new HashSet<long>();

        // A closing order can be rejected or only partly filled: each round closes what the broker still reports.
        for (var round = 1; round <= MaxFlattenRounds; round++)
        {
            var broker = await _broker.GetAccountSnapshotAsync(cancellationToken);
            var closing = broker.OpenOrders.Where(o => IsFlattenRef(o.OrderRef)).Select(o => o.Symbol).ToHashSet(StringComparer.Ordinal);
            var targets = broker.Positions.Where(p => p.Quantity != 0 && (symbol is null || p.Symbol == symbol) && !closing.Contains(p.Symbol)).ToList();
            foreach (var position in targets)
            {
                await pacer.WaitAsync(cancellationToken);
                var side = position.Quantity > 0 ? OrderSide.Sell : OrderSide.Buy;
                var key = $"flatten-{batchId}-{round}-{position.Symbol}";
                var outcome = await PostAsync(new FlattenCloseInput(position.Symbol, side, Math.Abs(position.Quantity), key), cancellationToken);
                sent.Add(round == 1 ? outcome.Message : $"retry {round - 1}: {outcome.Message}");
            }

            // Wait for the broker to report flat (fills arrive as events), checking before every wait.
            var roundEnd = Min(_time.GetUtcNow() + roundTimeout, deadline);
            while (true)
            {
                var now = await _broker.GetAccountSnapshotAsync(cancellationToken);
                remaining = [.. now.Positions.Where(p => p.Quantity != 0 && (symbol is null || p.Symbol == symbol))];
                var working = now.OpenOrders.Count(o => symbol is null || o.Symbol == symbol);
                if (remaining.Count == 0 && working == 0)
                    break;
                if (_time.GetUtcNow() >= roundEnd)
                    break;
                // Only our closing orders may still work; anything else (an external order) is cancelled again, one by one.
                foreach (var stray in now.OpenOrders.Where(o => !IsFlattenRef(o.OrderRef) && (symbol is null || o.Symbol == symbol)))
                {
                    if (straysCancelled.Add(stray.BrokerOrderId))
                        await _broker.CancelOrderAsync(stray.BrokerOrderId, cancellationToken);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken);
            }
            if (remaining.Count == 0 || _time.GetUtcNow() >= deadline)
                break;
        }

        var report = await ReconcileAsync(Actor.System, apply: true, cancellationToken);
        var flat = remaining.Count == 0;
        var text = new StringBuilder();
        text.Append(flat ? "FLAT at the broker" : "NOT YET FLAT at the broker");
        text.Append(symbol is null ? " and HALTED." : $" for {symbol}.");
        if (!flat)
            text.Append(CultureInfo.InvariantCulture, $" Still open: {string.Join(", ", remaining.Select(p => $"{p.Quantity} {p.Symbol}"))}. Check the rejections in /status and TWS; run /flatten again if needed.");
        return new FlattenReport(flat, text.ToString(), sent, report);
    }

    private const int MaxFlattenRounds = 3;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Paces sends: a burst of up to <c>perSecond</c>, then one every 1/perSecond seconds.</summary>
    private sealed class Pacer(TimeProvider time, int perSecond)
    {
        private readonly TimeSpan _interval = TimeSpan.FromSeconds(1.0 / Math.Max(1, perSecond));
        private double _tokens = Math.Max(1, perSecond);
        private DateTimeOffset _last = time.GetUtcNow();

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            _tokens = Math.Min(perSecond, _tokens + ((now - _last).TotalSeconds * perSecond));
            _last = now;
            if (_tokens < 1)
            {
                await Task.Delay(_interval, time, cancellationToken);
                _last = time.GetUtcNow();
                _tokens = 1;
            }
            _tokens -= 1;
        }
    }
}

/// <summary>What a flatten came to.</summary>
/// <param name="Flat">True when the broker reports no position (for the symbol, or at all).</param>
/// <param name="Message">Summary for a person.</param>
/// <param name="OrdersSent">One line per closing order.</param>
/// <param name="Reconciliation">The reconciliation report run at the end.</param>
public sealed record FlattenReport(bool Flat, string Message, IReadOnlyList<string> OrdersSent, Core.Reconciliation.ReconciliationReport? Reconciliation);
