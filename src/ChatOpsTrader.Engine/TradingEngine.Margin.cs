using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Incidents;
using ChatOpsTrader.Core.Orders;
using ChatOpsTrader.Core.Portfolio;
using ChatOpsTrader.Core.Ports;
using ChatOpsTrader.Core.Risk;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    private MarginMonitor? _margin;
    private SlippageMonitor? _slippage;
    private readonly Dictionary<string, (decimal Price, DateTimeOffset Time)> _arrivalPrices = new(StringComparer.Ordinal);

    /// <summary>
    /// Margin pressure (seeds 001/002/003: "IB will liquidate positions automatically if margin requirements aren't
    /// met"). Below the warning cushion: one SEV2; below the critical cushion: one SEV1 and the account turns
    /// closing-only (the runbook: stop new entries, reduce sizes, flatten if a liquidation is imminent); back above the
    /// critical level (plus hysteresis) the previous state returns. Every change joins the one <c>margin</c> incident.
    /// </summary>
    private void OnAccountValues(AccountValuesReceived values, DateTimeOffset now)
    {
        Volatile.Write(ref _publishedAccountValues, values);
        if (_options.Margin is not { } thresholds)
            return;

        // A restart while closing-only for margin starts at Critical: healthy values then lift it, bad ones do not alert twice.
        _margin ??= new MarginMonitor(thresholds, _status is { State: TradingState.Reducing, Trigger: StateTrigger.Margin } ? MarginLevel.Critical : MarginLevel.Ok);
        if (_margin.Evaluate(values) is not { } change)
            return;

        var facts = change.Describe();
        const string firstAction = "Reduce risk now: IB liquidates positions by itself when margin requirements are not met. Check /positions; flatten the largest positions if a margin call is imminent.";
        switch (change.Current)
        {
            case MarginLevel.Critical:
                Transition(TradingStateMachine.Reduce(_status, StateTrigger.Margin, "system", "margin cushion critical: " + facts, now), Actor.System, "margin", now);
                RaiseMarginAlert(now, Severity.Sev1, "Margin cushion critical: closing-only", facts + " New entries are refused until the cushion recovers.", firstAction);
                break;
            case MarginLevel.Low when change.IsWorse:
                RaiseMarginAlert(now, Severity.Sev2, "Margin cushion low", facts, firstAction);
                break;
            default:
                // Better: Critical -> Low lifts closing-only; -> Ok is all clear. Both join the incident ("recovered").
                Transition(TradingStateMachine.Restore(_status, StateTrigger.Margin, "margin cushion recovered: " + facts, now), Actor.System, "margin", now);
                RaiseMarginAlert(now, change.Current == MarginLevel.Ok ? Severity.Sev4 : Severity.Sev3,
                    change.Current == MarginLevel.Ok ? "Margin cushion recovered" : "Margin cushion recovered above critical, still low",
                    facts + $" State: {_status.State}.", change.Current == MarginLevel.Ok ? "None: document what caused it." : "Keep reducing risk until the cushion is above the warning level.");
                break;
        }
    }

    private void RaiseMarginAlert(DateTimeOffset now, Severity severity, string title, string text, string firstAction) =>
        RaiseAlert(now, severity, AlertKeys.Margin, title, text, firstAction);

    /// <summary>The account's margin values as last reported by the broker, or null before the first report.</summary>
    public AccountValuesReceived? AccountValues => Volatile.Read(ref _publishedAccountValues);

    private AccountValuesReceived? _publishedAccountValues;

    /// <summary>An intent leaves: remember the price it was expected at (the quote's mid now, else its limit price).</summary>
    private void RememberArrivalPrice(string orderRef, OrderIntent intent, DateTimeOffset now)
    {
        if (_options.MaxSlippageBps is null)
            return;
        var price = _quotes.TryGet(intent.Symbol, out var q) && q.Mark > 0 ? q.Mark : intent.LimitPrice ?? 0m;
        if (price > 0)
            _arrivalPrices[orderRef] = (price, now);
    }

    /// <summary>
    /// Slippage too high (seed 001): our fills against the price expected (the mid when the order was sent, else the
    /// limit; a stop-loss against its stop price), aggregated per symbol over the day; a fill over the limit alerts
    /// (SEV3, at most every 30 minutes per symbol, with the symbol's aggregate). Fills of other clients are not ours to judge.
    /// </summary>
    private void MeasureSlippage(Fill fill, DateTimeOffset now)
    {
        if (_options.MaxSlippageBps is not { } maxBps || fill.Quantity <= 0 || fill.Price <= 0)
            return;
        decimal? benchmark = null;
        if (_arrivalPrices.TryGetValue(fill.OrderRef, out var arrival))
            benchmark = arrival.Price;
        else if (_intentsByRef.TryGetValue(fill.OrderRef, out var intent))
            benchmark = intent.Intent.LimitPrice;
        else if (OrderRefs.IsOurs(fill.OrderRef) && _intentsByRef.TryGetValue(OrderRefs.ParentOf(fill.OrderRef), out var parent)
            && fill.OrderRef == OrderRefs.StopLoss(parent.OrderRef))
            benchmark = parent.Intent.StopLoss;
        if (benchmark is not > 0)
            return;

        _slippage ??= new SlippageMonitor(maxBps);
        var observation = _slippage.Record(fill.Symbol, fill.Side, fill.Quantity, benchmark.Value, fill.Price, now);
        if (!observation.Alert)
            return;
        RaiseAlert(new Alert(Guid.NewGuid().ToString("N"), now, Severity.Sev3, AlertKeys.SlippageFor(fill.Symbol),
            $"Slippage too high: {fill.Symbol} {observation.Fill.Bps:0.#} bps", observation.Describe(maxBps) + $" Order ref '{fill.OrderRef}', execution {fill.ExecId}.",
            "Compare the fill prices with the quotes at order time (/trades today); use limit orders or trade more liquid symbols.")
        {
            IncidentType = IncidentType.SlippageTooHigh,
        });
    }

    /// <summary>The day's slippage aggregates start afresh; arrival prices older than a day are dropped.</summary>
    private void ResetSlippageDay(DateTimeOffset now)
    {
        _slippage?.ResetDay();
        foreach (var stale in _arrivalPrices.Where(kv => now - kv.Value.Time > TimeSpan.FromDays(1)).Select(kv => kv.Key).ToList())
            _arrivalPrices.Remove(stale);
    }
}
