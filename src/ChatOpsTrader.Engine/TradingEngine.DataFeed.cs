using System.Globalization;
using ChatOpsTrader.Core.Alerts;
using ChatOpsTrader.Core.Trading;

namespace ChatOpsTrader.Engine;

public sealed partial class TradingEngine
{
    /// <summary>
    /// The data feed watch (seeds: "halt new entry orders until data confirmed"). During market hours, with the broker
    /// connected, a traded symbol whose last quote is older than the window makes the account closing-only; once every
    /// traded symbol quotes again, the state before is restored. It never overrides a halt or another closing-only state.
    /// </summary>
    private void WatchDataFeed(DateTimeOffset now)
    {
        if (!_brokerConnected || !_options.Calendar.IsMarketOpen(now))
            return;

        var stale = TradedSymbols()
            .Where(s => !_quotes.TryGet(s, out var q) || now - q.Time > _options.DataFeedStaleAfter)
            .Order(StringComparer.Ordinal)
            .ToList();

        if (stale.Count > 0 && _status.AllowsEntries)
        {
            var ages = string.Join(", ", stale.Select(s => _quotes.TryGet(s, out var q)
                ? string.Create(CultureInfo.InvariantCulture, $"{s} last quote {(int)(now - q.Time).TotalSeconds} s ago")
                : $"{s} no quote"));
            var reason = string.Create(CultureInfo.InvariantCulture, $"data feed stale: {ages} (window {(int)_options.DataFeedStaleAfter.TotalSeconds} s)");
            Transition(TradingStateMachine.Reduce(_status, StateTrigger.DataFeed, "system", reason, now), Actor.System, "data-feed", now);
            RaiseAlert(now, Severity.Sev2, $"data-feed:{stale[0]}", "Data feed stale: new entries refused", reason,
                "Halt new entries until data is confirmed (done automatically). Check that TWS is connected and the market data subscription is active.");
        }
        else if (stale.Count == 0 && _status is { State: TradingState.Reducing, Trigger: StateTrigger.DataFeed })
        {
            Transition(TradingStateMachine.Restore(_status, StateTrigger.DataFeed, "data feed confirmed: every traded symbol quotes again", now), Actor.System, "data-feed", now);
            RaiseAlert(now, Severity.Sev4, "data-feed:restored", "Data feed confirmed", $"Every traded symbol quotes again; state back to {_status.State}.", "None.");
        }
    }

    /// <summary>
    /// No signals for a long time (seeds: "bot running for hours with no signals"): during market hours, a strategy that
    /// has sent intents and then nothing for the configured time is alerted once per silence. Paused strategies are
    /// silent on purpose and are not alerted.
    /// </summary>
    private void WatchSilence(DateTimeOffset now)
    {
        if (_options.NoSignalAfter is not { } limit || !_options.Calendar.IsMarketOpen(now) || !_status.AllowsEntries)
            return;
        foreach (var (strategy, last) in _lastSignal)
        {
            if (now - last <= limit || _paused.Contains(strategy) || IsFlattenStrategy(strategy) || !_silenceAlerted.Add(strategy))
                continue;
            RaiseAlert(now, Severity.Sev3, $"no-signals:{strategy}", $"No signals from {strategy}",
                string.Create(CultureInfo.InvariantCulture, $"{strategy} has sent no order for {(now - last).TotalMinutes:0} minutes (limit {limit.TotalMinutes:0}) while the market is open and trading is {_status.State}."),
                "Check /status (is the market open, is trading halted?), /strategies (is it paused?) and the strategy's own logs and data.");
        }
    }

    private static bool IsFlattenStrategy(string strategy) => strategy == "flatten";

    /// <summary>A position held past its time limit is alerted once (until it is closed and reopened).</summary>
    private void WatchHoldTimes(DateTimeOffset now)
    {
        if (_options.MaxHoldTime is not { } limit)
            return;
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _positions.Snapshot())
        {
            if (p.Quantity == 0)
                continue;
            open.Add(p.Symbol);
            var held = now - p.OpenedAt;
            if (held <= limit || !_holdAlerted.Add(p.Symbol))
                continue;
            var protectedBy = _orders.All.Any(o => o.Order.Symbol == p.Symbol && o.Order.Type is Core.Orders.OrderType.Stop or Core.Orders.OrderType.StopLimit);
            RaiseAlert(now, Severity.Sev3, $"hold-time:{p.Symbol}", $"Position held past its time limit: {p.Symbol}",
                string.Create(CultureInfo.InvariantCulture, $"{p.Quantity} {p.Symbol} open since {p.OpenedAt:yyyy-MM-dd HH:mm} UTC ({held.TotalHours:0.#} h, limit {limit.TotalHours:0.#} h); protective stop {(protectedBy ? "present" : "MISSING")}."),
                "Check that its bracket orders still exist (/orders); if the exit keeps failing or the market is illiquid, close it by hand (/flatten SYMBOL).");
        }
        _holdAlerted.IntersectWith(open);
    }

    private HashSet<string> TradedSymbols()
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _positions.Snapshot())
        {
            if (p.Quantity != 0)
                symbols.Add(p.Symbol);
        }
        foreach (var o in _orders.All)
            symbols.Add(o.Order.Symbol);
        return symbols;
    }
}
